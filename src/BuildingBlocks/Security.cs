namespace Zumodra.BuildingBlocks;

public static class Roles
{
    /// <summary>The role every admin write requires; the <c>admin-token</c> command issues it.</summary>
    public const string Admin = "admin";
}
