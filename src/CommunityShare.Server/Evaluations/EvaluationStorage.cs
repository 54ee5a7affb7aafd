using System.Text.Json;
using CommunityShare.Domain.Evaluations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;

namespace CommunityShare.Server.Evaluations;

/// <summary>
/// How evaluations are stored: one row per scheme and per evaluation; the weights, bands, indicator
/// snapshot and adjustments as JSON columns (they are read and written whole, never queried inside).
/// </summary>
public static class EvaluationStorage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public static void Map(ModelBuilder builder)
    {
        builder.Entity<EvaluationScheme>(e =>
        {
            e.ToTable("EvaluationSchemes");
            e.HasKey(s => s.Id);
            e.Property(s => s.Name).HasMaxLength(EvaluationScheme.MaxNameLength);
            AsJson(e.Property(s => s.Weights));
            AsJson(e.Property(s => s.Grades));
            e.Property(s => s.Version).IsConcurrencyToken();
        });
        builder.Entity<Evaluation>(e =>
        {
            e.ToTable("Evaluations");
            e.HasKey(x => x.Id);
            // One evaluation per subject and period; the index settles a race between two evaluators.
            e.HasIndex(x => new { x.SubjectKind, x.SubjectId, x.From, x.To }).IsUnique();
            e.HasIndex(x => new { x.State, x.From });
            e.Ignore(x => x.Period);
            e.Ignore(x => x.Score);
            e.Ignore(x => x.Adjustment);
            AsJson(e.Property(x => x.Weights));
            AsJson(e.Property(x => x.Grades));
            AsJson(e.Property(x => x.Indicators));
            e.Property(x => x.Adjustments).HasConversion(new ValueConverter<IReadOnlyList<ScoreAdjustment>, string>(
                    a => JsonSerializer.Serialize(a.Select(x => new StoredAdjustment(x.Points, x.Reason, x.By, x.Time.ToUnixTimeTicks())).ToArray(), Json),
                    s => JsonSerializer.Deserialize<StoredAdjustment[]>(s, Json)!
                        .Select(x => new ScoreAdjustment(x.Points, x.Reason, x.By, Instant.FromUnixTimeTicks(x.Ticks))).ToArray()),
                Comparer<ScoreAdjustment>());
            e.Property(x => x.Version).IsConcurrencyToken();
        });
    }

    private sealed record StoredAdjustment(double Points, string Reason, string By, long Ticks);

    private static void AsJson<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<IReadOnlyList<T>> property) =>
        property.HasConversion(new JsonList<T>(), Comparer<T>());

    private static ValueComparer<IReadOnlyList<T>> Comparer<T>() =>
        new((a, b) => a!.SequenceEqual(b!), a => a.Aggregate(0, (h, x) => HashCode.Combine(h, x)), a => a.ToArray());

    /// <summary>A list of records as a JSON array, compared by value.</summary>
    private sealed class JsonList<T>() : ValueConverter<IReadOnlyList<T>, string>(
        v => JsonSerializer.Serialize(v, Json),
        s => JsonSerializer.Deserialize<T[]>(s, Json)!);
}
