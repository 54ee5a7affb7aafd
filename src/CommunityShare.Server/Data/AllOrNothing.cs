namespace CommunityShare.Server.Data;

/// <summary>
/// A guarded write that saves more than once (a series books each occurrence before it checks the
/// next; a draw books each winner before the next turn) runs inside its own savepoint: if it fails
/// half-way, everything it saved is taken back, and the other writes of its group stand.
/// </summary>
public static class AllOrNothing
{
    public static async Task<T> RunAsync<T>(CommunityShareDb db, string savepoint, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        // Without a transaction (the unguarded race-test setting) there is nothing to take back to.
        if (db.Database.CurrentTransaction is not { } transaction)
        {
            return await work();
        }
        await transaction.CreateSavepointAsync(savepoint, cancellationToken);
        try
        {
            var result = await work();
            await transaction.ReleaseSavepointAsync(savepoint, cancellationToken);
            return result;
        }
        catch
        {
            await transaction.RollbackToSavepointAsync(savepoint, CancellationToken.None);
            await transaction.ReleaseSavepointAsync(savepoint, CancellationToken.None);
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
