using Xunit.Abstractions;

namespace Zumodra.Tests.Fuzzing;

/// <summary>
/// Every operation of <c>/openapi/v1.json</c> with random and edge inputs (see <see cref="ApiCase"/>), half of them as admin
/// so validation is reached, not only the 401. The cases run once; each test asserts one property of all the answers.
/// </summary>
[Trait("Category", "Slow")]
[Collection(FuzzCollection.Name)]
public sealed class when_fuzzing_the_api(FuzzApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task no_input_gives_a_server_error() =>
        (await app.ApiRun).ShouldHaveNo(output, ApiFuzzer.ServerError, ApiFuzzer.NoAnswer);

    [Fact]
    public async Task every_refusal_is_problem_details() =>
        (await app.ApiRun).ShouldHaveNo(output, ApiFuzzer.NotProblemDetails);

    [Fact]
    public async Task duplicate_keys_numbers_as_strings_and_bodies_without_a_json_content_type_are_refused() =>
        (await app.ApiRun).ShouldHaveNo(output, ApiFuzzer.AcceptedBadInput);

    [Fact]
    public async Task the_letter_case_of_the_path_does_not_change_the_answer() =>
        (await app.ApiRun).ShouldHaveNo(output, ApiFuzzer.PathCase);

    [Fact]
    public async Task a_time_travel_answer_is_never_cached() =>
        (await app.ApiRun).ShouldHaveNo(output, ApiFuzzer.CacheableTimeTravel);

    [Fact]
    public async Task a_refused_request_appends_no_event() =>
        (await app.ApiRun).ShouldHaveNo(output, ApiFuzzer.EventsOnRefusal);
}
