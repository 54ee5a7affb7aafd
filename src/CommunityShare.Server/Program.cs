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

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseCommunityShareSecurityHeaders();
app.MapCommunityShareApi();
app.MapGet("/", () => Results.Text("CommunityShare 社区共享 — gRPC API on the HTTP/2 endpoint; web pages arrive with the front end.", "text/plain; charset=utf-8"));
await app.RunAsync();
