namespace Zumodra.Web.Browsing;

/// <param name="Label">Names the map region for assistive technology, e.g. "Map of jobs".</param>
/// <param name="NearMe">Offer a "Near me" button that centres the map on the visitor's position.</param>
public sealed record MapPanelModel(string Label, bool NearMe = false);
