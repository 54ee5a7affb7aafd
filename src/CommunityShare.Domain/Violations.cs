namespace CommunityShare.Domain;

/// <summary>Collects every problem with a request, then reports them together (一次告知).</summary>
public sealed class Violations
{
    private readonly List<FieldViolation> _items = [];

    public bool Any => _items.Count > 0;

    public IReadOnlyList<FieldViolation> Items => _items;

    public Violations Add(string field, string reason, string description)
    {
        _items.Add(new FieldViolation(field, reason, description));
        return this;
    }

    /// <summary>Adds the violation when <paramref name="broken"/> is true; returns whether the value was fine.</summary>
    public bool Check(bool broken, string field, string reason, string description)
    {
        if (broken)
        {
            Add(field, reason, description);
        }
        return !broken;
    }

    public bool Required(string? value, string field) =>
        Check(string.IsNullOrWhiteSpace(value), field, Reasons.Required, "is required.");

    public void MaxLength(string? value, int max, string field) =>
        Check(value is not null && value.Length > max, field, Reasons.TooLong, $"must be at most {max} characters.");

    public void ThrowIfAny()
    {
        if (_items.Count > 0)
        {
            throw Problem.Invalid(_items.ToArray());
        }
    }
}
