using CommunityShare.Server;
using CommunityShare.Server.Data;
using CommunityShare.Server.Identity;
using CommunityShare.Server.Hardening;
using CommunityShare.Server.Notifications;
using CommunityShare.Server.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddCommunityShareData();
builder.AddCommunityShareIdentity();
builder.AddCommunityShareApi();
builder.AddCommunityShareNotifications();
builder.AddCommunityShareRateLimits();
builder.AddCommunityShareWeb();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseCommunityShareSecurityHeaders();
app.UseCommunityShareWeb();
app.MapCommunityShareApi();
app.MapCommunityShareWeb();
await app.RunAsync();
