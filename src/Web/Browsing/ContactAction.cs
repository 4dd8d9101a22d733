namespace Zumodra.Web.Browsing;

/// <summary>
/// A listing's primary action (Apply, Send a proposal), drawn by <c>_ContactAction</c>: a link to the listing's web
/// address, or a mail link to its email address, whichever it has. The field names let a live update refill it.
/// </summary>
/// <param name="Label">What the button says.</param>
/// <param name="Title">The listing's title, read after the label by screen readers ("Apply for Data Engineer").</param>
public sealed record ContactAction(string Label, string Title, string UrlField, string? Url, string EmailField, string? Email, string? Class = null);
