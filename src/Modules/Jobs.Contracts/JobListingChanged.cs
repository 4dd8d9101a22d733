namespace Zumodra.Jobs.Contracts;

/// <summary>
/// Published by the Jobs module's browse projection, in the same transaction as the events that caused it,
/// for every change to a job: where the job stands now, not what happened. Handlers can apply it twice or
/// late and still reach the same state.
/// </summary>
/// <param name="JobId">The job's id.</param>
/// <param name="CompanyId">The company of the open job; null when the job has none or is not open (closed or deleted).</param>
/// <param name="Open">Whether visitors can browse the job now.</param>
public sealed record JobListingChanged(Guid JobId, Guid? CompanyId, bool Open);
