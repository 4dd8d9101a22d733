namespace Zumodra.BuildingBlocks;

/// <summary>GeoJSON (RFC 7946) shapes for the map endpoints. Coordinates are [longitude, latitude].</summary>
public sealed record FeatureCollection(IReadOnlyList<Feature> Features)
{
    public string Type => "FeatureCollection";
}

public sealed record Feature(Guid Id, PointGeometry Geometry, IReadOnlyDictionary<string, object?> Properties)
{
    public string Type => "Feature";
}

public sealed record PointGeometry(double[] Coordinates)
{
    public string Type => "Point";

    public static PointGeometry At(double latitude, double longitude) => new([longitude, latitude]);
}
