using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

/// <remarks>
/// Tests that buy and check only their own labels share one sandbox; those that read the account's whole list, count calls,
/// set faults, suspend the seeded customer or run on their own clock start their own.
/// </remarks>
public sealed class UspsLabelsTests(SharedSandbox shared) : IClassFixture<SharedSandbox>
{
    private static Task<HttpResponseMessage> BuyAsync(UspsApiClient usps, string? paymentToken, object? request = null, bool json = false) =>
        BuyAsync(usps, paymentToken, request, idempotencyKey: null, json);

    private static Task<HttpResponseMessage> BuyAsync(UspsApiClient usps, string? paymentToken, object? request, string? idempotencyKey, bool json = false) =>
        usps.SendAsync(HttpMethod.Post, "/labels/v3/label", request ?? UspsApiClient.LabelRequest(), r =>
        {
            if (paymentToken is not null) r.Headers.Add("X-Payment-Authorization-Token", paymentToken);
            if (idempotencyKey is not null) r.Headers.Add("X-Idempotency-Key", idempotencyKey);
            if (json) r.Headers.Accept.ParseAdd("application/vnd.usps.labels+json");
        });

    [Fact]
    public async Task A_label_comes_back_as_multipart_metadata_and_a_PDF_with_status_200()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var usps = await UspsApiClient.ConnectAsync(sandbox);

        var response = await BuyAsync(usps, await usps.PaymentTokenAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("multipart/form-data");
        var parts = await response.Content.ReadAsMultipartAsync();
        var metadata = JsonDocument.Parse(await parts["labelMetadata"].ReadAsStringAsync()).RootElement;
        var tracking = metadata.GetProperty("trackingNumber").GetString()!;
        tracking.Length.ShouldBe(22);
        tracking.ShouldStartWith("94055" + usps.Mid);
        metadata.GetProperty("postage").GetDecimal().ShouldBeGreaterThan(0);
        metadata.GetProperty("zone").GetString().ShouldBe("08");
        metadata.GetProperty("SKU").GetString()!.ShouldStartWith("DPXX");
        metadata.GetProperty("commitment").GetProperty("name").GetString().ShouldBe("3-Day");
        // USPS: the image part is named only by its attachment filename and is "always Base64 encoded".
        parts["label.pdf"].Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var pdf = Encoding.ASCII.GetString(Convert.FromBase64String(await parts["label.pdf"].ReadAsStringAsync()));
        pdf.ShouldStartWith("%PDF-1.4");
        pdf.ShouldContain(tracking);
        pdf.TrimEnd().ShouldEndWith("%%EOF");

        var labels = await usps.LabelsAtUspsAsync();
        labels.GetArrayLength().ShouldBe(1);
        labels[0].GetProperty("tracking_number").GetString().ShouldBe(tracking);
        labels[0].GetProperty("status").GetString().ShouldBe("ACTIVE");
    }

    [Fact]
    public async Task With_the_USPS_JSON_media_type_the_label_image_is_base64_in_one_JSON_body()
    {
        var sandbox = shared.Host;
        var usps = await UspsApiClient.ConnectAsync(sandbox);

        var response = await BuyAsync(usps, await usps.PaymentTokenAsync(), json: true);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.usps.labels+json");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Encoding.ASCII.GetString(Convert.FromBase64String(body.GetProperty("labelImage").GetString()!)).ShouldStartWith("%PDF");
        body.GetProperty("labelMetadata").GetProperty("trackingNumber").GetString()!.Length.ShouldBe(22);
    }

    [Fact]
    public async Task A_label_without_a_valid_payment_authorization_is_160369_and_nothing_is_bought()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var other = await UspsApiClient.ConnectAsync(sandbox, "second.usps");

        var missing = await BuyAsync(usps, paymentToken: null);
        var someoneElses = await BuyAsync(usps, await other.PaymentTokenAsync());

        (await missing.ErrorsAsync()).ShouldBe([("160369", "PAYER role required")]);
        (await someoneElses.ErrorsAsync()).ShouldBe([("160369", "PAYER role required")]);
        (await usps.LabelsAtUspsAsync()).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_payment_authorization_lasts_eight_hours()
    {
        var time = SandboxClock.StartingMonday();
        await using var sandbox = await SandboxHost.StartAsync(time, "--Sandbox:Usps:AccessTokenSeconds=86400");
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var payment = await usps.PaymentTokenAsync();

        time.Advance(TimeSpan.FromHours(8));

        (await (await BuyAsync(usps, payment)).ErrorsAsync()).ShouldBe([("160369", "PAYER role required")]);
    }

    [Fact]
    public async Task Label_validation_answers_with_USPS_codes_and_messages()
    {
        await using var sandbox = await SandboxHost.StartAsync(SandboxClock.StartingMonday());
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var payment = await usps.PaymentTokenAsync();

        var badClass = await BuyAsync(usps, payment, UspsApiClient.LabelRequest(mailClass: "CARRIER_PIGEON"));
        var badZip = await BuyAsync(usps, payment, UspsApiClient.LabelRequest(toZip: "ABCDE"));
        var tooHeavy = await BuyAsync(usps, payment, UspsApiClient.LabelRequest(weight: 71));
        var past = await BuyAsync(usps, payment, UspsApiClient.LabelRequest(mailingDate: "2026-03-01"));
        var garbled = await BuyAsync(usps, payment, UspsApiClient.LabelRequest(mailingDate: "next tuesday"));

        (await badClass.ErrorsAsync()).ShouldBe([("160090", "CARRIER_PIGEON is not a valid mailClass")]);
        (await badZip.ErrorsAsync()).ShouldBe([("160119", "ZIP Code is not valid")]);
        (await tooHeavy.ErrorsAsync()).Single().Code.ShouldBe("160098");
        (await past.ErrorsAsync()).ShouldBe([("160001", "cannot be in the past or more than 45 days in the future")]);
        (await garbled.ErrorsAsync()).ShouldBe([("160092", "unable to parse mailingDate")]);
        (await usps.LabelsAtUspsAsync()).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Canceling_a_label_before_its_mailing_date_refunds_it_once()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var tracking = await usps.BuyLabelAsync();

        var cancel = await usps.CancelLabelAsync($"{tracking}");
        var again = await usps.CancelLabelAsync($"{tracking}");
        var unknown = await usps.CancelLabelAsync("9400100000000000000000");

        cancel.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("trackingNumber").GetString().ShouldBe(tracking);
        body.GetProperty("status").GetString().ShouldBe("CANCELED");
        (await again.ErrorsAsync()).ShouldBe([("160186", "Order already canceled")]);
        (await unknown.ErrorsAsync()).ShouldBe([("160185", "Order not found")]);
        (await usps.LabelsAtUspsAsync())[0].GetProperty("status").GetString().ShouldBe("CANCELED");
        (await sandbox.CountersAsync()).GetProperty("calls").GetProperty("DELETE /labels/v3/label/{trackingNumber}").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Another_customers_label_cannot_be_canceled()
    {
        var sandbox = shared.Host;
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var other = await UspsApiClient.ConnectAsync(sandbox, "second.usps");
        var tracking = await usps.BuyLabelAsync();

        (await (await other.CancelLabelAsync($"{tracking}")).ErrorsAsync()).ShouldBe([("160185", "Order not found")]);
    }

    [Fact]
    public async Task Canceling_after_the_mailing_date_opens_a_dispute()
    {
        var time = SandboxClock.StartingMonday();
        await using var sandbox = await SandboxHost.StartAsync(time, "--Sandbox:Usps:AccessTokenSeconds=604800");
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var tracking = await usps.BuyLabelAsync();

        time.Advance(TimeSpan.FromDays(2));
        var response = await usps.CancelLabelAsync($"{tracking}");

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().ShouldBe("DISPUTED");
        body.GetProperty("disputeId").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_label_on_a_scan_form_cannot_be_canceled()
    {
        var sandbox = shared.Host;
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var tracking = await usps.BuyLabelAsync();
        (await usps.SendAsync(HttpMethod.Post, "/scan-forms/v3/scan-form", UspsScanFormsTests.ScanForm(tracking))).EnsureSuccessStatusCode();

        var response = await usps.CancelLabelAsync($"{tracking}");

        (await response.ErrorsAsync()).ShouldBe([("160174", "Labels associated with a scan form cannot be canceled")]);
    }

    [Fact]
    public async Task Labels_need_an_access_token_that_is_not_instantly_revoked_and_an_active_account()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var payment = await usps.PaymentTokenAsync();

        await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/usps/merchant.usps/suspend");
        (await BuyAsync(usps, payment)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/usps/merchant.usps/unsuspend");
        await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/usps/merchant.usps/revoke?instant=true");
        (await BuyAsync(usps, payment)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await usps.LabelsAtUspsAsync()).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_response_lost_after_the_purchase_still_leaves_the_label_bought()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var payment = await usps.PaymentTokenAsync();
        (await sandbox.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "usps", endpoint = "POST /labels", drop = true, after = true, rate = 1.0 }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        await Should.ThrowAsync<HttpRequestException>(() => BuyAsync(usps, payment));

        (await usps.LabelsAtUspsAsync()).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_status_fault_before_the_purchase_buys_nothing()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var payment = await usps.PaymentTokenAsync();
        await sandbox.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "usps", endpoint = "POST /labels/v3/label", status = 503, rate = 1.0 });

        (await BuyAsync(usps, payment)).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);

        (await usps.LabelsAtUspsAsync()).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_label_whose_answer_was_lost_comes_back_uncharged_for_the_same_X_Idempotency_Key_and_payload()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var other = await UspsApiClient.ConnectAsync(sandbox, "second.usps");
        var key = Guid.NewGuid().ToString();
        await sandbox.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "usps", endpoint = "POST /labels/v3/label", drop = true, after = true, rate = 1.0 });
        var firstPayment = await usps.PaymentTokenAsync();
        await Should.ThrowAsync<HttpRequestException>(() => BuyAsync(usps, firstPayment, UspsApiClient.LabelRequest(reference: "order-1042"), key));
        await sandbox.ControlAsync(HttpMethod.Delete, "/_control/faults");

        var again = await BuyAsync(usps, await usps.PaymentTokenAsync(), UspsApiClient.LabelRequest(reference: "order-1042"), key);
        var otherPayload = await BuyAsync(usps, await usps.PaymentTokenAsync(), UspsApiClient.LabelRequest(reference: "order-1043"), key);
        var otherCrid = await BuyAsync(other, await other.PaymentTokenAsync(), UspsApiClient.LabelRequest(reference: "order-1042"), key);

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var parts = await again.Content.ReadAsMultipartAsync();
        JsonDocument.Parse(await parts["labelMetadata"].ReadAsStringAsync()).RootElement.GetProperty("trackingNumber").GetString()
            .ShouldBe((await usps.LabelsAtUspsAsync())[0].GetProperty("tracking_number").GetString());
        (await usps.LabelsAtUspsAsync()).GetArrayLength().ShouldBe(1);
        otherPayload.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // Keys are unique per CRID: another mailer's identical key is its own purchase.
        otherCrid.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await other.LabelsAtUspsAsync()).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_cancel_without_a_payment_authorization_is_refused_as_the_spec_requires_one()
    {
        var sandbox = shared.Host;
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var tracking = await usps.BuyLabelAsync();

        var withoutToken = await usps.SendAsync(HttpMethod.Delete, $"/labels/v3/label/{tracking}");
        var payment = await usps.PaymentTokenAsync();
        var withToken = await usps.SendAsync(HttpMethod.Delete, $"/labels/v3/label/{tracking}", configure: r => r.Headers.Add("X-Payment-Authorization-Token", payment));

        withoutToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        withToken.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
