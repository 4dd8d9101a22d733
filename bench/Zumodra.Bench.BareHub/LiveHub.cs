using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace Zumodra.Bench.BareHub;

/// <summary>Every connection receives every job: no channels, no filters. <c>Subscribe</c> answers as Zumodra's does.</summary>
internal sealed class LiveHub : Hub
{
    public Subscribed Subscribe(string channel, JsonElement? filters, long? afterSequence) => new(channel, 0, false);
}

internal sealed record Subscribed(string Channel, int Replayed, bool ReloadRequired);

/// <summary>The <c>job_created</c> payload, as Zumodra's.</summary>
internal sealed record ItemPush(string Channel, long Sequence, DateTimeOffset Timestamp, JobItem Item);

/// <summary>The body of <c>POST /api/jobs</c> (API.md).</summary>
internal sealed record JobForm(string? Title, string? Description, Guid? CompanyId, string? CompanyName, string? Location,
    double? Latitude, double? Longitude, string? Category, string? JobType, bool Remote, decimal? SalaryMin, decimal? SalaryMax, string? Currency);

/// <summary>The browse item (API.md): stored and pushed.</summary>
internal sealed record JobItem(Guid Id, string Title, string? Description, Guid? CompanyId, string? CompanyName, string? Location,
    double? Latitude, double? Longitude, string? Category, string JobType, bool Remote, decimal? SalaryMin, decimal? SalaryMax,
    string? Currency, DateTimeOffset PostedAt, DateTimeOffset UpdatedAt, long Version)
{
    public static JobItem From(Guid id, JobForm form, DateTimeOffset now) => new(id, form.Title!, form.Description, form.CompanyId,
        form.CompanyName, form.Location, form.Latitude, form.Longitude, form.Category, form.JobType!, form.Remote, form.SalaryMin,
        form.SalaryMax, form.Currency, now, now, 1);
}
