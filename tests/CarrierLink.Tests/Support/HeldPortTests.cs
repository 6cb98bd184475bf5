using System.Net;
using System.Net.Sockets;
using Shouldly;

namespace CarrierLink.Tests.Support;

/// <summary>
/// The stacks' ports are held from the moment their URLs are known until the apps listen on them: a suite running beside
/// this one cannot take a port between the test choosing it and Kestrel binding it.
/// </summary>
public sealed class HeldPortTests
{
    [Fact]
    public void Nothing_else_can_bind_a_held_port_before_the_server_starts()
    {
        using var held = HeldPort.Bind();
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        Should.Throw<SocketException>(() => other.Bind(new IPEndPoint(IPAddress.Loopback, held.Port)))
            .SocketErrorCode.ShouldBe(SocketError.AddressAlreadyInUse);
    }

    [Fact]
    public async Task Kestrel_listens_on_the_held_socket_and_reports_its_address()
    {
        using var held = HeldPort.Bind();
        var builder = WebApplication.CreateSlimBuilder(["--urls", held.Urls]);
        held.HandTo(builder.Services);
        await using var app = builder.Build();
        app.MapGet("/", () => "held");

        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = held.Url };

        (await http.GetStringAsync("/")).ShouldBe("held");
        app.BoundUrl().ShouldBe(held.Url);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_server_on_port_0_learns_its_port_from_the_server()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        await using var app = builder.Build();
        app.MapGet("/", () => "zero");

        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = app.BoundUrl() };

        app.BoundUrl().Port.ShouldNotBe(0);
        (await http.GetStringAsync("/")).ShouldBe("zero");
        await app.StopAsync();
    }
}
