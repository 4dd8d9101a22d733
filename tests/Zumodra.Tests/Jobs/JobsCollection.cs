using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Jobs;

public sealed class JobsApp() : AppFixture("jobs");

[CollectionDefinition(Name)]
public sealed class JobsCollection : ICollectionFixture<JobsApp>
{
    public const string Name = "jobs";
}
