using System.Net.Mail;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Zumodra.BuildingBlocks;

/// <summary>Collects field errors and turns them into a 400 ProblemDetails (RFC 9457) naming each field.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    /// <summary>Adds every error of <paramref name="other"/> (another reader's, say) to these.</summary>
    public ValidationErrors AddAll(ValidationErrors other)
    {
        foreach (var (field, messages) in other._errors) foreach (var message in messages) Add(field, message);
        return this;
    }

    public ValidationErrors When(bool condition, string field, string message) => condition ? Add(field, message) : this;

    /// <param name="multiline">Whether the text may hold newlines and tabs (descriptions); no other control character is allowed.</param>
    public ValidationErrors RequireText(string field, string? value, int maxLength, bool required = true, bool multiline = false)
    {
        if (string.IsNullOrWhiteSpace(value))
            return When(required, field, $"'{field}' is required.");
        return When(value.Length > maxLength, field, $"'{field}' must be at most {maxLength} characters.").SafeText(field, value, multiline);
    }

    /// <summary>Refuses the characters <see cref="TextRules"/> forbids in <paramref name="value"/>.</summary>
    public ValidationErrors SafeText(string field, string? value, bool multiline = false) =>
        value is not null && TextRules.ForbiddenCharacter(value, multiline) is { } c ? Add(field, TextRules.Message(field, c)) : this;

    /// <summary>Absent is fine; present must be an absolute http(s) address with a host, without forbidden characters.</summary>
    public ValidationErrors WebAddress(string field, string? value, int maxLength = 2_000)
    {
        if (string.IsNullOrWhiteSpace(value)) return this;
        if (TextRules.ForbiddenCharacter(value) is { } c) return Add(field, TextRules.Message(field, c));
        value = value.Trim();
        var valid = value.Length <= maxLength
                    && Uri.TryCreate(value, UriKind.Absolute, out var uri)
                    && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                    && uri.Host.Length > 0;
        return When(!valid, field, $"'{field}' must be an absolute http or https URL of at most {maxLength} characters.");
    }

    /// <summary>Absent is fine; present must be one plain address (name@example.com): no display name, no spaces.</summary>
    public ValidationErrors EmailAddress(string field, string? value, int maxLength = 254)
    {
        if (string.IsNullOrWhiteSpace(value)) return this;
        if (TextRules.ForbiddenCharacter(value) is { } c) return Add(field, TextRules.Message(field, c));
        value = value.Trim();
        var valid = value.Length <= maxLength
                    && !value.Any(char.IsWhiteSpace)
                    && MailAddress.TryCreate(value, out var address)
                    && address.Address == value
                    && address.Host.Contains('.');
        return When(!valid, field, $"'{field}' must be an email address such as jobs@example.com, of at most {maxLength} characters.");
    }

    /// <summary>How a visitor answers a listing: a web address or an email address, one at most (the page shows one action).</summary>
    public ValidationErrors ContactAddress(string urlField, string? url, string emailField, string? email) =>
        WebAddress(urlField, url)
            .EmailAddress(emailField, email)
            .When(!string.IsNullOrWhiteSpace(url) && !string.IsNullOrWhiteSpace(email), emailField,
                $"Give '{urlField}' or '{emailField}', not both.");

    public ValidationErrors Coordinates(double? latitude, double? longitude)
    {
        When(latitude.HasValue != longitude.HasValue, latitude.HasValue ? "longitude" : "latitude",
            "'latitude' and 'longitude' must both be present or both be absent.");
        When(latitude is < -90 or > 90 || (latitude.HasValue && !double.IsFinite(latitude.Value)), "latitude",
            "'latitude' must be between -90 and 90.");
        return When(longitude is < -180 or > 180 || (longitude.HasValue && !double.IsFinite(longitude.Value)), "longitude",
            "'longitude' must be between -180 and 180.");
    }

    public ValidationErrors Range(string minField, decimal? min, string maxField, decimal? max)
    {
        When(min < 0, minField, $"'{minField}' must not be negative.");
        When(max < 0, maxField, $"'{maxField}' must not be negative.");
        return When(min.HasValue && max.HasValue && min > max, minField, $"'{minField}' must not exceed '{maxField}'.");
    }

    public ValidationErrors OneOf(string field, string? value, IReadOnlyCollection<string> allowed, bool required = true)
    {
        if (value is null) return When(required, field, $"'{field}' is required.");
        if (TextRules.ForbiddenCharacter(value) is { } c) return Add(field, TextRules.Message(field, c));
        return When(!allowed.Contains(value), field, $"'{field}' must be one of: {string.Join(", ", allowed)}.");
    }

    /// <summary>Validates a request body that may be JSON <c>null</c>, which deserializes to nothing at all.</summary>
    public static ProblemDetails ForBody<T>(T? body, Func<T, ProblemDetails> validate) where T : class =>
        body is null ? new ValidationErrors().Add("$", "The body must be a JSON object.").ToProblem() : validate(body);

    /// <summary>Every message, field by field in the order found: what a page shows above its results.</summary>
    public IReadOnlyList<string> Messages() => _errors.Values.SelectMany(x => x).ToList();

    /// <summary>The problem to return from a Wolverine <c>Validate</c> method: none lets the endpoint run.</summary>
    public ProblemDetails ToProblem() => IsEmpty
        ? WolverineContinue.NoProblems
        : new HttpValidationProblemDetails(_errors.ToDictionary(x => x.Key, x => x.Value.ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields are invalid.",
        };
}
