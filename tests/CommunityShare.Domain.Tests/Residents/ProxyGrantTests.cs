using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Residents;
using NodaTime;

namespace CommunityShare.Domain.Tests.Residents;

public class ProxyGrantTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 0, 0);

    [Fact]
    public void A_grant_is_active_until_revoked_and_revoked_once()
    {
        var grant = new ProxyGrant("g1", "elder", "son", "子女", "", "residents/elder", Now);

        Assert.True(grant.IsActive);
        grant.Revoke(Now + Duration.FromDays(3));
        var again = Assert.Throws<Problem>(() => grant.Revoke(Now + Duration.FromDays(4)));

        Assert.False(grant.IsActive);
        Assert.Equal(Now + Duration.FromDays(3), grant.RevokeTime);
        Assert.Equal(Reasons.StateDoesNotAllow, again.Reason);
    }

    [Fact]
    public void Nobody_is_their_own_proxy()
    {
        var e = Assert.Throws<Problem>(() => new ProxyGrant("g1", "elder", "elder", "本人", "", "residents/elder", Now));

        Assert.Equal(Reasons.ProxyIsSelf, e.Reason);
        Assert.Equal(ProblemKind.FailedPrecondition, e.Kind);
    }

    [Theory]
    [InlineData(ProxyConsentMethod.InPerson, true)]
    [InlineData(ProxyConsentMethod.ByPhone, true)]
    [InlineData(ProxyConsentMethod.Written, true)]
    [InlineData(ProxyConsentMethod.StandingGrant, false)]
    [InlineData(ProxyConsentMethod.Guardian, false)]
    [InlineData(ProxyConsentMethod.None, false)]
    public void Staff_state_only_consent_they_witnessed(ProxyConsentMethod method, bool stated) =>
        Assert.Equal(stated, ProxyConsent.StatedByStaff(method));

    [Fact]
    public void A_booking_remembers_how_the_resident_consented()
    {
        var slot = new Interval(Now + Duration.FromDays(1), Now + Duration.FromDays(1) + Duration.FromHours(1));

        var own = new Booking("b1", "f1", "elder", slot, 1, BookingState.Confirmed, "CODE2345", "residents/elder", slot.Start, Now);
        var forHer = new Booking("b2", "f1", "elder", slot, 1, BookingState.Confirmed, "CODE2345", "staff/li", slot.Start, Now,
            new ProxyConsent(ProxyConsentMethod.ByPhone, "来电"));

        Assert.Equal((ProxyConsentMethod.None, ""), (own.ConsentMethod, own.ConsentNote));
        Assert.Equal((ProxyConsentMethod.ByPhone, "来电"), (forHer.ConsentMethod, forHer.ConsentNote));
    }
}
