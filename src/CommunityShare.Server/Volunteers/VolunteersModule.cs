namespace CommunityShare.Server.Volunteers;

public static class VolunteersModule
{
    public static WebApplicationBuilder AddVolunteers(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<VolunteerSettings>().BindConfiguration(VolunteerSettings.Section)
            .Validate(s => s.IsValid(), "Volunteers:TimeZone must be an IANA zone, Volunteers:StarThresholdHours 1 to 10 rising positive numbers, "
                                        + "Volunteers:RotationWeeks 1 to 52 and Volunteers:GapNoticeLimit 0 to 1000.")
            .ValidateOnStart();
        builder.Services.AddScoped<VolunteerRegistry>();
        builder.Services.AddScoped<ActivityDesk>();
        builder.Services.AddScoped<ShiftPlaces>();
        builder.Services.AddScoped<RosterDesk>();
        builder.Services.AddScoped<AssignmentDesk>();
        builder.Services.AddScoped<ServiceHoursDesk>();
        builder.Services.AddScoped<CertificateDesk>();
        return builder;
    }
}
