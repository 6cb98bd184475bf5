using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.FedEx.Accounts;
using CarrierLink.Sandbox.Stamps.Accounts;

namespace CarrierLink.Sandbox;

/// <summary>A demo customer the sandbox creates at start-up (unless Sandbox:Seed is false); printed by the apps so people can sign in.</summary>
public sealed record SeededCustomer(string Carrier, string Username, string Password, string Description);

/// <summary>The demo customers, as data. Fixed ids so demos and screenshots stay the same from run to run.</summary>
public static class SandboxSeed
{
    internal static IReadOnlyList<NewCustomer> Definitions { get; } =
    [
        new(Carriers.Usps, "merchant.usps", "Ship-it-2026", new UspsAccountIds(Crid: "56982563", Mid: "902455331", ManifestMid: "902455332", AccountNumber: "1000012345"),
            "the demo merchant's USPS business account"),
        new(Carriers.Usps, "second.usps", "Ship-it-2026", new UspsAccountIds(Crid: "71234908", Mid: "903338870", ManifestMid: "903338871", AccountNumber: "1000067890"),
            "a second USPS business account (signing in with it during a reconnect is \"a different account\")"),
        new(Carriers.Usps, "unnamed.usps", "Ship-it-2026", new UspsAccountIds(Crid: "64150277", Mid: "904118820", ManifestMid: "904118821", AccountNumber: "1000044556"),
            "a USPS business account whose tokens name no account: enter its numbers on the account's Edit page", AccountInToken: false),
        new(Carriers.Stamps, "merchant.stamps", "Stamps-2026!", Note: "the demo merchant's One Balance account, through which it also reaches UPS",
            SecurityAnswers: StampsSecurityQuestions.For("rex", "springfield"),
            Stamps: new StampsAccountIds(CustomerId: "31415926", Email: StampsAccountIds.EmailFor("merchant.stamps"))),
        new(Carriers.FedEx, "602091147", "", Note: "the demo merchant's FedEx account", FedEx: new FedExSetup(FedExMfa.Pin, "Acme Widgets")),
        new(Carriers.Ups, "merchant.ups", "Ship-it-2026", Note: "the demo merchant's UPS.com login, owning two UPS accounts", Ups: new UpsAccountIds(["A1B2C3", "7X9Y4Z"])),
    ];

    public static IReadOnlyList<SeededCustomer> Customers { get; } =
        Definitions.Select(d => new SeededCustomer(d.Carrier, d.Username, d.Password, Describe(d))).ToList();

    private static string Describe(NewCustomer d) => d switch
    {
        { Usps: { } ids } => $"USPS.com: {d.Note} (CRID {ids.Crid}, MID {ids.Mid}, EPS account {ids.AccountNumber})",
        { Ups: { } ids } => $"UPS.com: {d.Note} (shipper numbers {string.Join(", ", ids.ShipperNumbers)})",
        { Stamps: { } ids } => $"Stamps.com: {d.Note} (customer id {ids.CustomerId}; security answers: " +
            $"{string.Join(" / ", StampsSecurityQuestions.Questions.Select(q => d.SecurityAnswers?.GetValueOrDefault(q)))}; mail at /stamps/inbox/{d.Username})",
        { FedEx: not null } => $"FedEx.com: {d.Note} (account {d.Username}, 20 FED EX PKWY, COLLIERVILLE TN 38017; PINs and invoices at /fedex/inbox/{d.Username})",
        _ => d.Note ?? d.Carrier,
    };
}
