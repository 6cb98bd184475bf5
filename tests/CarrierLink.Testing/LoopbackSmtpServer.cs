using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CarrierLink.Tests.Support;

/// <summary>
/// A real SMTP server on a loopback port the system picks (the SmtpServer package, not CarrierLink's code) that keeps what it
/// receives, for tests of mail that goes over the wire. It can refuse the next messages with a transient 451, as a busy
/// or full server would. Give CarrierLink <see cref="WebArgs"/> to send through it.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly KeepingStore _store = new();
    private Task _running = Task.CompletedTask;

    private LoopbackSmtpServer()
    {
    }

    public int Port { get; private set; }

    /// <summary>CarrierLink's settings for sending here: plain SMTP on loopback, no TLS, no sign-in.</summary>
    public string[] WebArgs => ["--Mail:Smtp:Host=127.0.0.1", $"--Mail:Smtp:Port={Port}", "--Mail:Smtp:Security=None"];

    /// <summary>Starts listening on port 0 and learns the port from the listener once it is bound.</summary>
    public static async Task<LoopbackSmtpServer> StartAsync()
    {
        var server = new LoopbackSmtpServer();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => listening.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(server._store);
        services.Add(listeners);
        server._running = new SmtpServer.SmtpServer(options, services).StartAsync(server._stop.Token);
        // A server that fails to bind ends its run instead of raising EndpointStarted: its exception is the one to see.
        if (await Task.WhenAny(listening.Task, server._running) == server._running) await server._running;
        server.Port = await listening.Task;
        return server;
    }

    /// <summary>Every message accepted so far, in the order received.</summary>
    public IReadOnlyList<MimeMessage> Received => [.. _store.Received];

    /// <summary>How many messages were refused (<see cref="RefuseNext"/>).</summary>
    public int Refused => _store.Refused;

    public IReadOnlyList<MimeMessage> ReceivedBy(string to) =>
        Received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, to, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>The next <paramref name="count"/> messages get "451 try again later" instead of being accepted.</summary>
    public void RefuseNext(int count) => _store.RefuseNext(count);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private sealed class KeepingStore : MessageStore
    {
        private readonly Lock _gate = new();
        private int _toRefuse;
        private int _refused;

        public ConcurrentQueue<MimeMessage> Received { get; } = new();

        public int Refused
        {
            get { lock (_gate) return _refused; }
        }

        public void RefuseNext(int count)
        {
            lock (_gate) _toRefuse = count;
        }

        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (_toRefuse > 0)
                {
                    _toRefuse--;
                    _refused++;
                    // 451: "local error in processing", a transient refusal the sender is expected to retry.
                    return new SmtpResponse((SmtpReplyCode)451, "Try again later");
                }
            }
            using var stream = new MemoryStream(buffer.ToArray());
            Received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
