using Grpc.Core;

namespace CommunityShare.Bench;

/// <summary>How a failed call is labelled in the reports: its gRPC code, and the ErrorInfo reason if any.</summary>
public static class Outcomes
{
    public const string SlotFull = "SLOT_FULL";

    public static string Reason(RpcException e) => e.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason ?? "";

    public static string Label(RpcException e)
    {
        var reason = Reason(e);
        return reason.Length == 0 ? e.StatusCode.ToString() : $"{e.StatusCode}:{reason}";
    }

    /// <summary>The one acceptable way to lose a race.</summary>
    public static bool IsSlotFull(RpcException e) => e.StatusCode == StatusCode.FailedPrecondition && Reason(e) == SlotFull;
}
