using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Companies;

public sealed class CompaniesApp() : AppFixture("companies");

[CollectionDefinition(Name)]
public sealed class CompaniesCollection : ICollectionFixture<CompaniesApp>
{
    public const string Name = "companies";
}
