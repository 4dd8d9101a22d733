namespace Zumodra.Web;

/// <summary><c>Zumodra:Map</c>: where map tiles come from. Pages stay usable when tiles cannot load (markers and lists still work).</summary>
public sealed class MapOptions
{
    public const string Section = "Zumodra:Map";

    /// <summary>A Leaflet tile URL template; empty for none (the built-in country outlines alone, drawn also when tiles fail).</summary>
    public string TileUrl { get; set; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    public string Attribution { get; set; } = "© OpenStreetMap contributors";

    public int MaxZoom { get; set; } = 19;
}
