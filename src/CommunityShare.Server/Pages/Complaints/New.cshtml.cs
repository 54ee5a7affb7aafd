using CommunityShare.Domain;
using CommunityShare.Domain.Complaints;
using CommunityShare.Server.Complaints;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CommunityShare.Server.Pages.Complaints;

/// <summary>
/// Files a complaint about a facility (or the conduct of its staff), or about the decision on one of
/// the resident's bookings: description, optional photo, anonymous to the target if asked.
/// </summary>
public sealed class NewComplaintModel(ComplaintDesk desk, CommunityShareDb db, ComplaintPolicies policies) : AppPageModel, IRedisplay, IFormFields
{
    [BindProperty(SupportsGet = true)]
    public string? Facility { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Booking { get; set; }

    [BindProperty]
    public ComplaintInput Input { get; set; } = new();

    [BindProperty]
    public IFormFile? Photo { get; set; }

    public string FacilityName { get; private set; } = "";

    /// <summary>Working days each level has to answer (the district's policy).</summary>
    public int Days { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        RequireMe();
        Input.RequestId = Guid.NewGuid().ToString();
        Input.Kind = Booking is null ? nameof(ComplaintTarget.Facility) : nameof(ComplaintTarget.BookingDecision);
        await LoadAsync(HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var me = RequireMe();
        var violations = new Violations();
        await LoadAsync(HttpContext.RequestAborted);
        var kind = Enum.TryParse<ComplaintTarget>(Input.Kind, out var k) && Enum.IsDefined(k) ? k : (ComplaintTarget?)null;
        byte[]? photo = null;
        if (Photo is { Length: > 0 })
        {
            if (Photo.Length > ComplaintPhoto.MaxBytes)
            {
                violations.Add("photo", Reasons.PhotoTooLarge, "must be at most 2 MiB.");
            }
            else
            {
                using var buffer = new MemoryStream();
                await Photo.CopyToAsync(buffer, HttpContext.RequestAborted);
                photo = buffer.ToArray();
            }
        }
        var (target, place) = kind switch
        {
            ComplaintTarget.BookingDecision => (ResourceNames.Booking(Facility ?? "", Booking ?? ""), null),
            ComplaintTarget.StaffConduct => (Input.Who, "facilities/" + Facility),
            _ => ("facilities/" + Facility, (string?)null),
        };
        var draft = new ComplaintDraft(kind, target, place, Input.Description, Input.Anonymous, photo);
        var key = RequestLedger.KeyFor(me, nameof(Contracts.V1.ComplaintService.ComplaintServiceBase.FileComplaint), Input.RequestId,
            new Contracts.V1.FileComplaintRequest
            {
                Complaint = new Contracts.V1.Complaint { Target = target ?? "", Place = place ?? "", Description = Input.Description ?? "", Anonymous = Input.Anonymous },
                RequestId = Input.RequestId ?? "",
            }, violations);
        var filed = await desk.FileAsync(me, draft, key, violations, HttpContext.RequestAborted);
        return Redirect("/complaints?filed=" + filed.Complaint.Id);
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public string? FormField(string apiField) => apiField switch
    {
        "complaint.description" => "Input.Description",
        "complaint.target" => Input.Kind == nameof(ComplaintTarget.StaffConduct) ? "Input.Who" : "",
        "complaint.target_kind" => "Input.Kind",
        "photo" => nameof(Photo),
        _ => null,
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Facility is null)
        {
            throw Problem.NotFound("facilities/-");
        }
        FacilityName = await db.Facilities.AsNoTracking().Where(f => f.Id == Facility).Select(f => f.Name).FirstOrDefaultAsync(cancellationToken)
                       ?? throw Problem.NotFound(ResourceNames.Facility(Facility));
        Days = (await policies.GetAsync(db, cancellationToken)).Policy.ResponseWorkingDays;
    }
}

public sealed class ComplaintInput
{
    /// <summary>Facility, BookingDecision or StaffConduct.</summary>
    public string? Kind { get; set; }

    /// <summary>For staff conduct: who (a name, a badge number, a description).</summary>
    public string? Who { get; set; }

    public string? Description { get; set; }

    public bool Anonymous { get; set; }

    public string? RequestId { get; set; }
}
