using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.Usps;
using Microsoft.Extensions.Configuration;
using Shouldly;

namespace CarrierLink.Tests.Unit;

/// <summary>Whether CarrierLink sends PKCE to USPS: the catalogue's data, unless an environment's configuration says otherwise.</summary>
public sealed class PkceSettingTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("true")]
    [InlineData("false")]
    public void Carriers_Usps_UsePkce_overrides_the_catalogue_and_unset_follows_it(string? configured)
    {
        var settings = new Dictionary<string, string?> { ["Carriers:Usps:ClientId"] = "id" };
        if (configured is not null) settings["Carriers:Usps:UsePkce"] = configured;
        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(UspsOptions.Section).Get<UspsOptions>()!;

        options.ResolvedUsePkce.ShouldBe(configured is null ? CarrierCatalog.Find(CarrierCodes.Usps)!.AcceptsPkce : bool.Parse(configured));
    }
}
