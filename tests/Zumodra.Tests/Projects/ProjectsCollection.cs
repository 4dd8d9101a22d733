using Zumodra.Tests.Infrastructure;

namespace Zumodra.Tests.Projects;

public sealed class ProjectsApp() : AppFixture("projects");

[CollectionDefinition(Name)]
public sealed class ProjectsCollection : ICollectionFixture<ProjectsApp>
{
    public const string Name = "projects";
}
