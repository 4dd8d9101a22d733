using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zumodra.Tests.Browser;

/// <summary>
/// A page in its own browser context that records script dialogs (an XSS payload would open one), uncaught script
/// errors and Content-Security-Policy violations; <see cref="DisposeAsync"/> fails the test if any happened.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];

    public BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Dialog += async (_, dialog) =>
        {
            _problems.Add($"dialog: {dialog.Message}");
            await dialog.DismissAsync();
        };
        page.PageError += (_, error) => _problems.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                _problems.Add($"console: {message.Text}");
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Problems => _problems;

    public ILocator Cards => Page.Locator("[data-results] > [data-id]");

    public ILocator Card(Guid id) => Page.Locator($"[data-results] > [data-id='{id}']");

    public ILocator Count => Page.Locator("[data-count]");

    /// <summary>The ids of the cards shown, in their order.</summary>
    public async Task<List<string>> CardIdsAsync() => [.. await Cards.EvaluateAllAsync<string[]>("cards => cards.map(card => card.dataset.id)")];

    public ILocator Status => Page.Locator("[data-live-status]");

    public ILocator Map => Page.Locator("[data-map]");

    /// <summary>The Filters button, whose accessible name includes how many filters are active.</summary>
    public ILocator FiltersButton => Page.Locator("[data-filters-open]");

    public async Task GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        response.ShouldNotBeNull();
    }

    /// <summary>Waits until the page's live connection is subscribed.</summary>
    public Task LiveAsync() => Expect(Status).ToHaveAttributeAsync("data-state", "live");

    /// <summary>
    /// Records every live animation class a card (or marker) receives, so tests can tell that a change was shown as
    /// an entrance, a pulse or an exit even after the class is gone again.
    /// </summary>
    public Task RecordAnimationsAsync() => Page.EvaluateAsync("""
        () => {
          window.animations = [];
          new MutationObserver(changes => {
            // A batch may hold several changes of one element: each one's result is the next one's old value.
            changes.forEach((change, i) => {
              const element = change.target;
              const later = changes.slice(i + 1).find(c => c.target === element);
              const before = (change.oldValue ?? '').split(' ');
              const after = (later ? later.oldValue ?? '' : element.className).split(' ');
              for (const name of ['live-enter', 'live-pulse', 'live-leave'])
                if (after.includes(name) && !before.includes(name)) window.animations.push(`${element.dataset.id ?? 'marker'}:${name}`);
            });
          }).observe(document.body, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['class'] });
        }
        """);

    /// <summary>The animations recorded since <see cref="RecordAnimationsAsync"/>, of one item's card.</summary>
    public async Task<IReadOnlyList<string>> AnimationsAsync(Guid id) =>
        (await Page.EvaluateAsync<string[]>("() => window.animations"))
        .Where(x => x.StartsWith(id.ToString(), StringComparison.Ordinal)).Select(x => x[(x.IndexOf(':') + 1)..]).ToList();

    /// <summary>What axe-core finds serious or critical on the page as it is now: a line per rule, with the offending markup.</summary>
    public async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync()
    {
        var results = await Page.RunAxe();
        return results.Violations.Where(x => x.Impact is "serious" or "critical")
            .Select(x => $"{x.Id} ({x.Impact}): {x.Help} — {string.Join(", ", x.Nodes.Select(n => n.Html))}").ToList();
    }

    public async Task<long> DisplayedCountAsync() =>
        long.Parse((await Count.TextContentAsync())!.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Saves a screenshot to the test output once animations have finished; with ZUMODRA_UPDATE_SCREENSHOTS=1,
    /// pictures marked for the README are copied to docs/screenshots as well.
    /// </summary>
    public async Task ScreenshotAsync(string name, bool forReadme = false)
    {
        await Page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running' || a.effect.getComputedTiming().iterations === Infinity)");
        var path = Path.Combine(BrowserApp.ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        if (forReadme && Environment.GetEnvironmentVariable("ZUMODRA_UPDATE_SCREENSHOTS") == "1")
        {
            var docs = Path.Combine(BrowserApp.RepositoryRoot, "docs", "screenshots");
            Directory.CreateDirectory(docs);
            File.Copy(path, Path.Combine(docs, name + ".png"), overwrite: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        _problems.ShouldBeEmpty();
    }
}
