namespace Zumodra.Companies.Contracts;

/// <summary>
/// Published by the Companies module's browse projection, in the same transaction as the events that caused it,
/// when a company is registered or its profile is edited with a different name. Carries the name it has now,
/// so modules that show company names can keep their copies current.
/// </summary>
/// <param name="CompanyId">The company's id.</param>
/// <param name="Name">The company's name from now on.</param>
public sealed record CompanyRenamed(Guid CompanyId, string Name);
