using System.Net;
using CarrierLink.Web.Notifications.Webhooks;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Webhooks;

/// <summary>Which URLs may be endpoints: https to public addresses in production; http to loopback and private ones only in Development.</summary>
public sealed class WebhookAddressPolicyTests
{
    private static WebhookAddressPolicy Policy(string environment, bool? allowPrivate = null, bool? allowHttp = null) =>
        new(Options.Create(new WebhookOptions { AllowPrivateAddresses = allowPrivate, AllowHttpToLoopback = allowHttp }),
            new HostingEnvironment { EnvironmentName = environment });

    [Theory]
    [InlineData("https://hooks.example.com/carrierlink", null)]
    [InlineData("https://8.8.8.8/hooks", null)]
    [InlineData("https://[2606:4700::1111]/hooks", null)]
    [InlineData("http://hooks.example.com/", "must be https")]
    [InlineData("http://127.0.0.1:8080/", "must be https")]
    [InlineData("https://127.0.0.1/", "public address")]
    [InlineData("https://localhost/", "public address")]
    [InlineData("https://app.localhost/", "public address")]
    [InlineData("https://10.1.2.3/", "public address")]
    [InlineData("https://172.20.0.1/", "public address")]
    [InlineData("https://192.168.1.10/", "public address")]
    [InlineData("https://169.254.169.254/latest/meta-data", "public address")]
    [InlineData("https://100.64.0.1/", "public address")]
    [InlineData("https://0.0.0.0/", "public address")]
    [InlineData("https://[::1]/", "public address")]
    [InlineData("https://[fd00::1]/", "public address")]
    [InlineData("https://[fe80::1]/", "public address")]
    [InlineData("https://[::ffff:10.0.0.1]/", "public address")]
    [InlineData("https://user:secret@hooks.example.com/", "user name or password")]
    [InlineData("ftp://hooks.example.com/", "absolute https://")]
    [InlineData("/relative/path", "absolute https://")]
    [InlineData("", "is required")]
    public void In_production_only_https_to_public_addresses(string url, string? refusal)
    {
        var verdict = Policy("Production").UrlRefusal(url);
        if (refusal is null) verdict.ShouldBeNull();
        else verdict.ShouldNotBeNull().ShouldContain(refusal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hooks", null)]
    [InlineData("http://localhost:5000/hooks", null)]
    [InlineData("http://[::1]:5000/hooks", null)]
    [InlineData("https://10.1.2.3/hooks", null)]
    [InlineData("http://10.1.2.3/hooks", "must be https")]
    public void In_development_http_to_loopback_and_private_addresses_are_allowed(string url, string? refusal)
    {
        var verdict = Policy("Development").UrlRefusal(url);
        if (refusal is null) verdict.ShouldBeNull();
        else verdict.ShouldNotBeNull().ShouldContain(refusal);
    }

    [Fact]
    public void Each_rule_can_be_set_either_way()
    {
        Policy("Production", allowPrivate: true).UrlRefusal("https://10.1.2.3/").ShouldBeNull();
        Policy("Production", allowHttp: true).UrlRefusal("http://127.0.0.1/").ShouldNotBeNull().ShouldContain("public address");
        Policy("Production", allowHttp: true, allowPrivate: true).UrlRefusal("http://127.0.0.1/").ShouldBeNull();
        Policy("Development", allowPrivate: false).UrlRefusal("http://127.0.0.1/").ShouldNotBeNull().ShouldContain("public address");
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("1.1.1.1", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("127.0.0.2", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("169.254.0.1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::", false)]
    [InlineData("::ffff:192.168.0.1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("2001:db8::1", false)]
    public void Public_means_the_internet_not_this_network(string address, bool isPublic) =>
        WebhookAddressPolicy.IsPublic(IPAddress.Parse(address)).ShouldBe(isPublic);
}
