using CommunityShare.Contracts.V1;
using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Data;

/// <summary>The process's write queue (SqliteStorage.WriteQueue) lets the next writer in whatever became of the last write.</summary>
public sealed class WriteQueueTests
{
    [Fact]
    public async Task A_save_refused_for_a_stale_version_lets_the_next_write_through()
    {
        await using var f = new ServerFixture();
        await TownAsync(f);
        await SchoolAsync(f);
        var approval = DefaultRules();
        approval.ApprovalRequired = true;
        await FacilityAsync(f, "hall", OpenDaily("礼堂", 1, approval));
        var booking = await f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/hall", Booking = Slot(new LocalDate(2026, 6, 11), 18) });
        var id = booking.Name.Split('/')[^1];
        // Two staff approve the same request at once: the second save finds the version changed.
        await using var first = f.Services.CreateAsyncScope();
        await using var second = f.Services.CreateAsyncScope();
        var db1 = first.ServiceProvider.GetRequiredService<CommunityShareDb>();
        var db2 = second.ServiceProvider.GetRequiredService<CommunityShareDb>();
        var mine = await db1.Bookings.FirstAsync(b => b.Id == id);
        var theirs = await db2.Bookings.FirstAsync(b => b.Id == id);
        mine.Approve(f.Clock.GetCurrentInstant());
        theirs.Approve(f.Clock.GetCurrentInstant());
        await db1.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());
        var next = await f.Facilities().CreateBlackoutAsync(new CreateBlackoutRequest
        {
            Parent = "facilities/hall",
            Blackout = new Blackout
            {
                StartTime = ToTimestamp(Instant.FromUtc(2026, 8, 1, 0, 0)),
                EndTime = ToTimestamp(Instant.FromUtc(2026, 8, 2, 0, 0)),
                Reason = Blackout.Types.Reason.Exam,
            },
        }, deadline: DateTime.UtcNow.AddSeconds(10));

        Assert.StartsWith("facilities/hall/blackouts/", next.Name, StringComparison.Ordinal);
    }
}
