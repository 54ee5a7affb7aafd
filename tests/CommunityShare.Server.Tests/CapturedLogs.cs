using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CommunityShare.Server.Tests;

/// <summary>
/// Every log line every test host writes, at every level, formatted with its exception: what an
/// operator would see. Shared by all fixtures of the test run.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public static readonly CapturedLogs Instance = new();

    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
