using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

public sealed class UspsScanFormsTests
{
    public static object ScanForm(params string[] trackingNumbers) => new
    {
        form = "5630",
        imageType = "PDF",
        labelType = "8.5x11LABEL",
        entryFacilityZIPCode = "02134",
        destinationEntryFacilityType = "NONE",
        shipment = new { trackingNumbers },
        fromAddress = new { firm = "Acme Widgets", address = new { streetAddress = "1 Factory Rd", city = "Boston", state = "MA", ZIPCode = "02134" } },
    };

    [Fact]
    public async Task A_scan_form_lists_the_labels_and_comes_with_a_PDF_part_named_label()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var first = await usps.BuyLabelAsync();
        var second = await usps.BuyLabelAsync();

        var response = await usps.SendAsync(HttpMethod.Post, "/scan-forms/v3/scan-form", ScanForm(first, second));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var parts = await response.Content.ReadAsMultipartAsync();
        var metadata = JsonDocument.Parse(await parts["Scan Form Response"].ReadAsStringAsync()).RootElement;
        var manifest = metadata.GetProperty("manifestNumber").GetString()!;
        manifest.ShouldStartWith("92750" + usps.Mid);
        metadata.GetProperty("trackingNumbers").EnumerateArray().Select(t => t.GetString()).ShouldBe([first, second]);
        metadata.GetProperty("form").GetString().ShouldBe("5630");
        Encoding.ASCII.GetString(Convert.FromBase64String(await parts["label"].ReadAsStringAsync())).ShouldStartWith("%PDF");
        (await usps.LabelsAtUspsAsync()).EnumerateArray().ShouldAllBe(l => l.GetProperty("scan_form").GetString() == manifest);
    }

    [Fact]
    public async Task A_scan_form_by_MID_takes_every_open_label_of_the_day()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var kept = await usps.BuyLabelAsync();
        var canceled = await usps.BuyLabelAsync();
        await usps.CancelLabelAsync($"{canceled}");

        var response = await usps.SendAsync(HttpMethod.Post, "/scan-forms/v3/scan-form", new { form = "5630", shipment = new { MID = usps.Mid } });

        var metadata = JsonDocument.Parse(await (await response.Content.ReadAsMultipartAsync())["Scan Form Response"].ReadAsStringAsync()).RootElement;
        metadata.GetProperty("trackingNumbers").EnumerateArray().Select(t => t.GetString()).ShouldBe([kept]);
    }

    [Fact]
    public async Task Labels_that_cannot_go_on_a_form_are_named_with_USPS_codes()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var canceled = await usps.BuyLabelAsync();
        await usps.CancelLabelAsync($"{canceled}");

        var response = await usps.SendAsync(HttpMethod.Post, "/scan-forms/v3/scan-form", ScanForm(canceled, "9400100000000000000001"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorsAsync()).ShouldBe(
        [
            ("160397", $"barcode {canceled} has been canceled and is not eligible to be added to a SCAN Form"),
            ("160039", "barcode 9400100000000000000001 does not exist"),
        ]);
    }

    [Fact]
    public async Task A_label_already_on_a_form_names_that_form()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var tracking = await usps.BuyLabelAsync();
        var first = await usps.SendAsync(HttpMethod.Post, "/scan-forms/v3/scan-form", ScanForm(tracking));
        var manifest = JsonDocument.Parse(await (await first.Content.ReadAsMultipartAsync())["Scan Form Response"].ReadAsStringAsync())
            .RootElement.GetProperty("manifestNumber").GetString();

        var again = await usps.SendAsync(HttpMethod.Post, "/scan-forms/v3/scan-form", ScanForm(tracking));

        (await again.ErrorsAsync()).ShouldBe([("160040", $"barcode {tracking} is already part of another SCAN Form with efn {manifest}")]);
    }

    [Fact]
    public async Task No_open_labels_means_160037()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var usps = await UspsApiClient.ConnectAsync(sandbox);

        var response = await usps.SendAsync(HttpMethod.Post, "/scan-forms/v3/scan-form", new { form = "5630", shipment = new { MID = usps.Mid } });

        (await response.ErrorsAsync()).ShouldBe([("160037", "The SCAN Form could not be created because no labels met the given criteria")]);
    }

    [Fact]
    public async Task A_mailing_date_in_the_past_is_160034()
    {
        await using var sandbox = await SandboxHost.StartAsync(SandboxClock.StartingMonday());
        var usps = await UspsApiClient.ConnectAsync(sandbox);

        var response = await usps.SendAsync(HttpMethod.Post, "/scan-forms/v3/scan-form", new { form = "5630", mailingDate = "2026-02-27", shipment = new { MID = usps.Mid } });

        (await response.ErrorsAsync()).ShouldBe([("160034", "cannot be in the past or more than 30 days in the future")]);
    }
}
