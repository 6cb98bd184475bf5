using CarrierLink.Web.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CarrierLink.Tests.Unit;

public sealed class HealthOptionsTests
{
    private static HealthOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddHealthEngine(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<HealthOptions>>().Value;
    }

    [Fact]
    public void Expiry_warnings_default_to_three_days_and_one_day_ahead() =>
        Bind([]).ExpiryWarningDays.ShouldBe([3, 1]);

    [Fact]
    public void Configured_expiry_warning_days_replace_the_defaults_instead_of_adding_to_them()
    {
        var options = Bind(new() { ["Health:ExpiryWarningDays:0"] = "7", ["Health:ExpiryWarningDays:1"] = "2" });

        options.ExpiryWarningDays.ShouldBe([7, 2]);
    }
}
