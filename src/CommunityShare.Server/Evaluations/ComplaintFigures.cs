using CommunityShare.Server.Data;

namespace CommunityShare.Server.Evaluations;

/// <summary>A subject's complaints in a period: received, upheld (or partly), working days to first response, satisfaction given.</summary>
public sealed record ComplaintCounts(int Received, int Upheld, IReadOnlyList<double> ResponseWorkingDays, IReadOnlyList<int> Ratings);

/// <summary>
/// Reads the complaint figures of subjects. Until complaints are recorded on the platform there is
/// nothing to read, and the complaint indicators say COMPLAINTS_NOT_RECORDED rather than 0.
/// </summary>
public sealed class ComplaintFigures(CommunityShareDb db)
{
    public Task<IReadOnlyDictionary<string, ComplaintCounts>> ReadAsync(IReadOnlyList<SubjectScope> scopes, CancellationToken cancellationToken)
    {
        _ = db;
        return Task.FromResult<IReadOnlyDictionary<string, ComplaintCounts>>(new Dictionary<string, ComplaintCounts>());
    }
}
