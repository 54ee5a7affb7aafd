using CommunityShare.Domain.Complaints;
using NodaTime;
using NodaTime.Testing;

namespace CommunityShare.Domain.Tests.Complaints;

/// <summary>The working calendar: weekends off, public holidays off, make-up working days (调休) on.</summary>
public class WorkingCalendarTests
{
    private static readonly WorkingCalendar China2026 = new(WorkingCalendar.China2026());

    [Fact]
    public void Five_working_days_from_the_monday_before_dragon_boat_end_on_the_tuesday_after()
    {
        // 06-15 Mon; 16, 17, 18 count; 19 (Fri, 端午) and the weekend do not; 22, 23 count.
        Assert.Equal(new LocalDate(2026, 6, 23), China2026.AddWorkingDays(new LocalDate(2026, 6, 15), 5));
        Assert.Equal(new LocalDate(2026, 6, 22), China2026.AddWorkingDays(new LocalDate(2026, 6, 15), 4));
        // Without the holiday the Friday counts.
        Assert.Equal(new LocalDate(2026, 6, 22), WorkingCalendar.WeekdaysOnly.AddWorkingDays(new LocalDate(2026, 6, 15), 5));
    }

    [Fact]
    public void A_make_up_saturday_counts_and_the_national_day_week_does_not()
    {
        // 09-30 Wed; 10-01..07 off; 10-08 Thu, 10-09 Fri, 10-10 Sat (调休上班), 10-12 Mon.
        Assert.True(China2026.IsWorkingDay(new LocalDate(2026, 10, 10)));
        Assert.False(China2026.IsWorkingDay(new LocalDate(2026, 10, 5)));
        Assert.Equal(new LocalDate(2026, 10, 10), China2026.AddWorkingDays(new LocalDate(2026, 9, 30), 3));
        Assert.Equal(new LocalDate(2026, 10, 12), China2026.AddWorkingDays(new LocalDate(2026, 9, 30), 4));
        // The Sunday before Mid-Autumn (09-20) is worked too.
        Assert.True(China2026.IsWorkingDay(new LocalDate(2026, 9, 20)));
        Assert.False(WorkingCalendar.WeekdaysOnly.IsWorkingDay(new LocalDate(2026, 9, 20)));
    }

    [Fact]
    public void Filing_on_a_holiday_starts_counting_after_it()
    {
        // Filed on 06-20 (Sat, holiday): 22 is the first working day.
        Assert.Equal(new LocalDate(2026, 6, 22), China2026.AddWorkingDays(new LocalDate(2026, 6, 20), 1));
        Assert.Equal(new LocalDate(2026, 6, 20), China2026.AddWorkingDays(new LocalDate(2026, 6, 20), 0));
    }

    [Fact]
    public void Working_days_between_counts_after_the_first_day_up_to_the_last()
    {
        Assert.Equal(5, China2026.WorkingDaysBetween(new LocalDate(2026, 6, 15), new LocalDate(2026, 6, 23)));
        Assert.Equal(0, China2026.WorkingDaysBetween(new LocalDate(2026, 6, 18), new LocalDate(2026, 6, 21)));
        Assert.Equal(0, China2026.WorkingDaysBetween(new LocalDate(2026, 6, 23), new LocalDate(2026, 6, 15)));
    }

    [Fact]
    public void The_seeded_2026_list_has_the_state_council_holidays()
    {
        var days = WorkingCalendar.China2026();
        Assert.Equal(3, days.Count(d => d.Name == "端午节"));
        Assert.Equal(7, days.Count(d => d.Name == "国庆节"));
        Assert.Equal(9, days.Count(d => d.Name == "春节"));
        Assert.All(days.Where(d => d.Kind == CalendarDayKind.WorkingDay),
            d => Assert.True(d.Date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday));
        Assert.Equal(days.Count, days.Select(d => d.Date).Distinct().Count());
    }

    [Fact]
    public void A_calendar_day_reports_every_problem_at_once()
    {
        var violations = new Violations();
        CalendarDay.Validate(null, 0, new string('x', 60), violations, "calendar_day.");
        Assert.Equal(["calendar_day.date", "calendar_day.kind", "calendar_day.display_name"], violations.Items.Select(v => v.Field));
    }
}

/// <summary>A complaint's life: escalation only when overdue and open, close once, rate once after close.</summary>
public class ComplaintTests
{
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 6, 15, 1, 0));

    private Complaint New(ComplaintTarget kind = ComplaintTarget.Facility) =>
        new("c1", "residents/r1", true, kind, "court-x", "court-x", "school-1", null, "310112101001", "310112101", "灯坏了", Complaint.FirstLevel(kind),
            _clock.GetCurrentInstant(), _clock.GetCurrentInstant() + Duration.FromDays(8));

    [Fact]
    public void Escalates_operator_to_office_to_district_and_no_further()
    {
        var c = New();
        Assert.Null(c.Escalate(_clock.GetCurrentInstant(), Instant.MaxValue, "x"));
        _clock.Advance(Duration.FromDays(8));
        Assert.Equal(ComplaintLevel.Office, c.Escalate(_clock.GetCurrentInstant(), _clock.GetCurrentInstant() + Duration.FromDays(1), "places/310112101")!.Level);
        _clock.Advance(Duration.FromDays(1));
        Assert.Equal(ComplaintLevel.District, c.Escalate(_clock.GetCurrentInstant(), _clock.GetCurrentInstant() + Duration.FromDays(1), "district")!.Level);
        _clock.Advance(Duration.FromDays(1));
        Assert.Null(c.Escalate(_clock.GetCurrentInstant(), _clock.GetCurrentInstant() + Duration.FromDays(1), "district"));
        Assert.Equal(ComplaintLevel.District, c.Level);
    }

    [Fact]
    public void A_responded_complaint_does_not_escalate()
    {
        var c = New();
        c.Respond("已修复", "staff/zhao", _clock.GetCurrentInstant());
        _clock.Advance(Duration.FromDays(9));
        Assert.Null(c.Escalate(_clock.GetCurrentInstant(), Instant.MaxValue, "x"));
        Assert.False(c.IsOverdue(_clock.GetCurrentInstant()));
    }

    [Fact]
    public void Rating_comes_once_after_close_and_steps_are_numbered()
    {
        var c = New();
        var filed = c.Filed(Complaint.AnonymousName, "");
        Assert.Equal(Reasons.ComplaintNotClosed, Assert.Throws<Problem>(() => c.Rate(4, "", _clock.GetCurrentInstant())).Reason);
        c.Close(ComplaintOutcome.Upheld, "属实，已整改", "staff/li", _clock.GetCurrentInstant());
        Assert.Equal(Reasons.StateDoesNotAllow, Assert.Throws<Problem>(() => c.Close(ComplaintOutcome.NotUpheld, "", "staff/li", _clock.GetCurrentInstant())).Reason);
        var rated = c.Rate(4, "满意", _clock.GetCurrentInstant());
        Assert.Equal(Reasons.AlreadyRated, Assert.Throws<Problem>(() => c.Rate(5, "", _clock.GetCurrentInstant())).Reason);
        Assert.Equal(1, filed.Sequence);
        Assert.Equal(3, rated.Sequence);
        // Anonymous: the rating step does not name the filer either.
        Assert.Equal(Complaint.AnonymousName, rated.ActorName);
    }

    [Fact]
    public void Activities_and_staff_conduct_go_to_the_office_first()
    {
        Assert.Equal(ComplaintLevel.Office, Complaint.FirstLevel(ComplaintTarget.VolunteerActivity));
        Assert.Equal(ComplaintLevel.Office, Complaint.FirstLevel(ComplaintTarget.StaffConduct));
        Assert.Equal(ComplaintLevel.Operator, Complaint.FirstLevel(ComplaintTarget.BookingDecision));
    }

    [Fact]
    public void Photos_are_known_by_their_magic_bytes()
    {
        Assert.Equal("image/jpeg", ComplaintPhoto.Sniff([0xFF, 0xD8, 0xFF, 0xE0, 0]));
        Assert.Equal("image/png", ComplaintPhoto.Sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]));
        Assert.Null(ComplaintPhoto.Sniff("GIF89a"u8));
        Assert.Null(ComplaintPhoto.Sniff([]));
    }
}
