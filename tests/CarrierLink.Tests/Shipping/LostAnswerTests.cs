using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace CarrierLink.Tests.Shipping;

/// <summary>
/// Issue 11: an operation the carrier did although its answer was lost ends in agreement with the carrier
/// when it is asked again, from the carrier's answer to the repeat.
/// </summary>
public abstract class LostAnswerTests(StackFixture fixture) : ShippingOperationsTestBase(fixture)
{
    private async Task<string> BuyTrackingAsync(HttpClient api, Guid accountId)
    {
        var response = await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label());
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tracking_number").GetString()!;
    }

    private async Task<Dictionary<string, string?>> ScanFormsAtUspsAsync(SandboxCustomer customer) =>
        (await Stack.Control.GetFromJsonAsync<JsonElement>($"/_control/customers/usps/{customer.Username}/labels")).GetProperty("data").EnumerateArray()
            .ToDictionary(l => l.GetProperty("tracking_number").GetString()!, l => l.GetProperty("scan_form").GetString());

    [Fact]
    public async Task An_End_of_Day_form_whose_answer_was_lost_is_recorded_from_USPS_already_on_a_SCAN_form_and_later_labels_get_a_new_form()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        var first = await BuyTrackingAsync(api, accountId);
        var second = await BuyTrackingAsync(api, accountId);
        await WithFaultAsync(new { carrier = "usps", endpoint = "POST /scan-forms/v3/scan-form", drop = true, after = true, rate = 1.0 }, async () =>
            (await api.PostAsJsonAsync(Url(accountId, "end-of-day"), new { })).IsSuccessStatusCode.ShouldBeFalse());
        var earlierForm = (await ScanFormsAtUspsAsync(customer))[first];
        earlierForm.ShouldNotBeNull("USPS made the form; only its answer was lost");
        var third = await BuyTrackingAsync(api, accountId);

        // The merchant asks again for the day: USPS answers "already part of another SCAN Form" for the first two.
        var retry = await api.PostAsJsonAsync(Url(accountId, "end-of-day"), new { });

        retry.StatusCode.ShouldBe(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        var form = await retry.Content.ReadFromJsonAsync<JsonElement>();
        form.GetProperty("tracking_numbers").EnumerateArray().Select(t => t.GetString()).ShouldBe([third], "the labels left over get a form of their own");
        var atUsps = await ScanFormsAtUspsAsync(customer);
        form.GetProperty("manifest_number").GetString().ShouldBe(atUsps[third]);
        (await api.GetAsync(form.GetProperty("form_pdf_url").GetString())).StatusCode.ShouldBe(HttpStatusCode.OK);

        // CarrierLink now holds the earlier form too, without the PDF USPS never sent again, and says so.
        var recordedPdf = await api.GetAsync(Url(accountId, $"end-of-day/{earlierForm}/pdf"));
        recordedPdf.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await recordedPdf.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString().ShouldBe("form-pdf-not-received");
        var manifestNumbers = await Stack.WithDbAsync(async db => System.Linq.Enumerable.ToDictionary(
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                System.Linq.Queryable.Where(db.Labels, l => l.AccountId == accountId)), l => l.TrackingNumber, l => l.ManifestNumber));
        manifestNumbers.OrderBy(l => l.Key).ShouldBe(atUsps.OrderBy(l => l.Key), "every label is on the form USPS has it on");

        // So a void of a label on that form is refused by CarrierLink itself, as USPS would (160174).
        var voided = await api.PostAsync(Url(accountId, $"labels/{first}/void"), null);
        voided.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await voided.Content.ReadAsStringAsync()).ShouldContain("End of Day form");
    }

    [Fact]
    public async Task Asking_again_for_labels_all_on_an_earlier_form_answers_with_that_form()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        var only = await BuyTrackingAsync(api, accountId);
        await WithFaultAsync(new { carrier = "usps", endpoint = "POST /scan-forms/v3/scan-form", drop = true, after = true, rate = 1.0 }, async () =>
            (await api.PostAsJsonAsync(Url(accountId, "end-of-day"), new { tracking_numbers = new[] { only } })).IsSuccessStatusCode.ShouldBeFalse());

        var retry = await api.PostAsJsonAsync(Url(accountId, "end-of-day"), new { tracking_numbers = new[] { only } });

        retry.StatusCode.ShouldBe(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        var form = await retry.Content.ReadFromJsonAsync<JsonElement>();
        form.GetProperty("manifest_number").GetString().ShouldBe((await ScanFormsAtUspsAsync(customer))[only]);
        form.GetProperty("form_pdf_url").ValueKind.ShouldBe(JsonValueKind.Null);
        form.GetProperty("form_pdf_missing").GetString()!.ShouldContain("does not send a form twice");
    }

    private async Task<Dictionary<string, string?>> ManifestsAtSeraAsync(SandboxCustomer customer) =>
        (await Stack.Control.GetFromJsonAsync<JsonElement>($"/_control/customers/stamps/{customer.Username}/labels")).GetProperty("data").EnumerateArray()
            .ToDictionary(l => l.GetProperty("tracking_number").GetString()!, l => l.GetProperty("manifest_id").GetString());

    private async Task<Dictionary<string, string?>> ManifestNumbersInCarrierLinkAsync(Guid accountId) =>
        await Stack.WithDbAsync(async db => System.Linq.Enumerable.ToDictionary(
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                System.Linq.Queryable.Where(db.Labels, l => l.AccountId == accountId)), l => l.TrackingNumber, l => l.ManifestNumber));

    [Fact]
    public async Task A_One_Balance_End_of_Day_form_whose_answer_was_lost_is_recorded_when_the_day_is_asked_again_with_more_labels()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer);
        using var api = merchant.Api();
        async Task<string> BuyAsync()
        {
            var bought = await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label("PRIORITY_MAIL"));
            bought.StatusCode.ShouldBe(HttpStatusCode.Created, await bought.Content.ReadAsStringAsync());
            return (await bought.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tracking_number").GetString()!;
        }
        var first = await BuyAsync();
        var second = await BuyAsync();
        await WithFaultAsync(new { carrier = "stamps", endpoint = "POST /sera/v1/manifests", drop = true, after = true, rate = 1.0 }, async () =>
            (await api.PostAsJsonAsync(Url(accountId, "end-of-day"), new { })).IsSuccessStatusCode.ShouldBeFalse());
        var earlierForm = (await ManifestsAtSeraAsync(customer))[first];
        earlierForm.ShouldNotBeNull("SERA made the manifest; only its answer was lost");
        var third = await BuyAsync();

        // The day asked again is another set of labels, so another SERA key: SERA refuses the first two as already on a manifest.
        var retry = await api.PostAsJsonAsync(Url(accountId, "end-of-day"), new { });

        retry.StatusCode.ShouldBe(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        var form = await retry.Content.ReadFromJsonAsync<JsonElement>();
        form.GetProperty("tracking_numbers").EnumerateArray().Select(t => t.GetString()).ShouldBe([third], "the labels left over get a manifest of their own");
        var atSera = await ManifestsAtSeraAsync(customer);
        form.GetProperty("manifest_number").GetString().ShouldBe(atSera[third]);
        (await ManifestNumbersInCarrierLinkAsync(accountId)).OrderBy(l => l.Key).ShouldBe(atSera.OrderBy(l => l.Key), "every label is on the manifest SERA has it on");
        (await api.GetFromJsonAsync<JsonElement>(Url(accountId, "reconciliation"))).GetProperty("unsettled").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_One_Balance_manifest_asked_again_with_its_labels_in_another_order_is_the_same_manifest()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer);
        using var api = merchant.Api();
        for (var i = 0; i < 2; i++) (await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label("PRIORITY_MAIL"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var labels = (await Stack.Control.GetFromJsonAsync<JsonElement>($"/_control/customers/stamps/{customer.Username}/labels")).GetProperty("data").EnumerateArray()
            .Select(l => (Id: l.GetProperty("label_id").GetString(), Tracking: l.GetProperty("tracking_number").GetString()!)).ToList();
        var client = Stack.Services.GetServices<CarrierLink.Carriers.Shipping.IShippingCarrierClient>().Single(c => c.Carrier == "stamps");
        var token = await ((CarrierLink.Carriers.Stamps.StampsClient)client).AuthenticateAsync(customer.Username, customer.Password, CancellationToken.None);
        var session = new CarrierLink.Carriers.Shipping.CarrierSession(token.ShouldBeOfType<CarrierLink.Carriers.OAuth.CarrierResult<CarrierLink.Carriers.OAuth.TokenSet>.Success>().Value.AccessToken, null);
        var stored = await Stack.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Labels, l => l.AccountId == accountId));
        var from = JsonSerializer.Deserialize<CarrierLink.Carriers.Shipping.ShippingAddress>(stored.FromAddressJson, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        CarrierLink.Carriers.Shipping.EndOfDayRequest Request(IEnumerable<(string? Id, string Tracking)> order) =>
            new([.. order.Select(l => l.Tracking)], stored.MailingDate, from, [.. order.Select(l => l.Id)]);
        await WithFaultAsync(new { carrier = "stamps", endpoint = "POST /sera/v1/manifests", drop = true, after = true, rate = 1.0 }, async () =>
            (await client.CreateEndOfDayFormAsync(session, Request(labels), CancellationToken.None)).ShouldNotBeOfType<CarrierLink.Carriers.OAuth.CarrierResult<CarrierLink.Carriers.Shipping.EndOfDayForm>.Success>());

        // The database hands the same labels back in another order (PostgreSQL does after updates): still one request to SERA.
        var again = await client.CreateEndOfDayFormAsync(session, Request(Enumerable.Reverse(labels)), CancellationToken.None);

        var form = again.ShouldBeOfType<CarrierLink.Carriers.OAuth.CarrierResult<CarrierLink.Carriers.Shipping.EndOfDayForm>.Success>().Value;
        form.ManifestNumber.ShouldBe((await ManifestsAtSeraAsync(customer))[labels[0].Tracking]);
        form.TrackingNumbers.Order().ShouldBe(labels.Select(l => l.Tracking).Order());
    }

    private static DateOnly NextPickupDay()
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        return day.DayOfWeek == DayOfWeek.Sunday ? day.AddDays(1) : day;
    }

    private async Task<List<JsonElement>> PickupsAtCarrierAsync(string carrier, SandboxCustomer customer) =>
        (await Stack.Control.GetFromJsonAsync<JsonElement>($"/_control/customers/{carrier}/{customer.Username}/pickups")).GetProperty("data").EnumerateArray().ToList();

    [Fact]
    public async Task A_One_Balance_pickup_whose_answer_was_lost_is_the_same_pickup_when_retried_not_a_second_one()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer);
        using var api = merchant.Api();
        var body = ShippingBodies.Pickup(NextPickupDay());
        await WithFaultAsync(new { carrier = "stamps", endpoint = "POST /sera/v1/pickups", drop = true, after = true, rate = 1.0 }, async () =>
            (await api.PostAsJsonAsync(Url(accountId, "pickups"), body)).IsSuccessStatusCode.ShouldBeFalse());
        (await PickupsAtCarrierAsync("stamps", customer)).Count.ShouldBe(1, "SERA scheduled it; only the answer was lost");

        var retry = await api.PostAsJsonAsync(Url(accountId, "pickups"), body);

        retry.StatusCode.ShouldBe(HttpStatusCode.Created, await retry.Content.ReadAsStringAsync());
        var atSera = await PickupsAtCarrierAsync("stamps", customer);
        atSera.Count.ShouldBe(1, "the retry is the same pickup at SERA, not a second one");
        var confirmation = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmation_number").GetString();
        confirmation.ShouldBe(atSera[0].GetProperty("confirmation_number").GetString());

        // Once canceled, the same pickup asked for again is a new one.
        (await api.DeleteAsync(Url(accountId, $"pickups/{confirmation}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var again = await api.PostAsJsonAsync(Url(accountId, "pickups"), body);
        again.StatusCode.ShouldBe(HttpStatusCode.Created, await again.Content.ReadAsStringAsync());
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmation_number").GetString().ShouldNotBe(confirmation);
        (await PickupsAtCarrierAsync("stamps", customer)).Select(p => p.GetProperty("status").GetString()).ShouldBe(["canceled", "scheduled"]);
    }

    [Fact]
    public async Task A_USPS_pickup_whose_answer_was_lost_is_reported_as_scheduled_at_USPS_without_its_number_not_refused()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        var body = ShippingBodies.Pickup(NextPickupDay());
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> ScheduleAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Url(accountId, "pickups")) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await api.SendAsync(request);
        }
        await WithFaultAsync(new { carrier = "usps", endpoint = "POST /pickup/v3/carrier-pickup", drop = true, after = true, rate = 1.0 }, async () =>
            (await ScheduleAsync()).IsSuccessStatusCode.ShouldBeFalse());
        (await PickupsAtCarrierAsync("usps", customer)).Count.ShouldBe(1);

        // USPS has no idempotency key and no lookup but by number: its "already exists" to the resend proves the pickup.
        var retry = await ScheduleAsync();

        retry.StatusCode.ShouldBe(HttpStatusCode.Conflict, await retry.Content.ReadAsStringAsync());
        var problem = await retry.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("type").GetString().ShouldBe("pickup-unconfirmed-at-carrier");
        problem.GetProperty("detail").GetString()!.ShouldContain("It is scheduled");
        (await PickupsAtCarrierAsync("usps", customer)).Count.ShouldBe(1);
        // Asked once more, CarrierLink answers from its record without asking USPS again.
        (await ScheduleAsync()).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var status = await Stack.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            System.Linq.Queryable.Where(db.IdempotencyRecords, r => r.AccountId == accountId && r.Key == key), r => true));
        status.Status.ShouldBe("unconfirmed_at_carrier");
    }

    [Fact]
    public async Task The_same_pickup_request_without_a_key_twice_is_one_pickup()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer);
        using var api = merchant.Api();
        var body = ShippingBodies.Pickup(NextPickupDay());
        var first = await api.PostAsJsonAsync(Url(accountId, "pickups"), body);
        var second = await api.PostAsJsonAsync(Url(accountId, "pickups"), body);
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmation_number").GetString()
            .ShouldBe((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmation_number").GetString());
        (await PickupsAtCarrierAsync("stamps", customer)).Count.ShouldBe(1);
    }

    private async Task<int> ReconcileLaterAsync()
    {
        Stack.Clock.Advance(TimeSpan.FromMinutes(2));
        return await Stack.Services.GetRequiredService<CarrierLink.Web.Shipping.OperationReconciler>().RunOnceAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_purchase_whose_answer_was_lost_is_shown_as_checking_and_settled_in_the_background_without_a_retry()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        using var api = merchant.Api();
        await WithFaultAsync(new { carrier = "usps", endpoint = "POST /labels/v3/label", drop = true, after = true, rate = 1.0 }, async () =>
            (await PostLabelAsync(api, accountId, ShippingBodies.Label(), Guid.NewGuid().ToString())).IsSuccessStatusCode.ShouldBeFalse());

        var before = await api.GetFromJsonAsync<JsonElement>(Url(accountId, "reconciliation"));
        before.GetProperty("unsettled").EnumerateArray().Single().GetProperty("status").GetString().ShouldBe("unknown");
        using (var browser = await merchant.SignedInBrowserAsync())
        {
            var ship = await browser.GetAsync($"/ship?account={accountId}");
            ship.Document.Body!.TextContent.ShouldContain("Create the label: USPS's answer was lost; checking with USPS.");
        }

        (await ReconcileLaterAsync()).ShouldBeGreaterThanOrEqualTo(1, "the stack is shared: other tests' unknown operations are settled too");

        var atUsps = await Stack.Control.GetFromJsonAsync<JsonElement>($"/_control/customers/usps/{customer.Username}/labels");
        atUsps.GetProperty("data").GetArrayLength().ShouldBe(1, "the resend under USPS's key returned the label, it did not buy another");
        var tracking = atUsps.GetProperty("data")[0].GetProperty("tracking_number").GetString();
        (await Stack.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Labels, l => l.AccountId == accountId && l.TrackingNumber == tracking)))
            .ShouldBe(1);
        var after = await api.GetFromJsonAsync<JsonElement>(Url(accountId, "reconciliation"));
        after.GetProperty("unsettled").GetArrayLength().ShouldBe(0);
        after.GetProperty("reconciled")[0].GetProperty("detail").GetString().ShouldBe($"Label {tracking} was bought at the carrier while its answer was lost; CarrierLink recorded it.");
    }

    [Fact]
    public async Task A_retry_that_fails_before_reaching_USPS_does_not_forget_that_the_first_attempt_may_have_bought_the_label()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        var key = Guid.NewGuid().ToString();
        await WithFaultAsync(new { carrier = "usps", endpoint = "POST /labels/v3/label", drop = true, after = true, rate = 1.0 }, async () =>
            (await PostLabelAsync(api, accountId, ShippingBodies.Label(), key)).IsSuccessStatusCode.ShouldBeFalse());
        // The retry is turned away before USPS looks at it (429): it proves nothing about the first attempt.
        await WithFaultAsync(new { carrier = "usps", endpoint = "POST /labels/v3/label", status = 429, rate = 1.0 }, async () =>
            (await PostLabelAsync(api, accountId, ShippingBodies.Label(), key)).IsSuccessStatusCode.ShouldBeFalse());

        var retry = await PostLabelAsync(api, accountId, ShippingBodies.Label(), key);

        retry.StatusCode.ShouldBe(HttpStatusCode.Created, await retry.Content.ReadAsStringAsync());
        (await LabelsAtCarrierAsync(customer)).ShouldBe(1, "the same purchase under the same USPS key, not a second label");
    }

    [Fact]
    public async Task A_void_whose_every_answer_was_lost_is_settled_voided_in_the_background()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        var tracking = await BuyTrackingAsync(api, accountId);
        await WithFaultAsync(new { carrier = "usps", endpoint = "DELETE /labels/v3/label/{trackingNumber}", drop = true, after = true, rate = 1.0 }, async () =>
            (await api.PostAsync(Url(accountId, $"labels/{tracking}/void"), null)).IsSuccessStatusCode.ShouldBeFalse());
        (await Stack.Control.GetFromJsonAsync<JsonElement>($"/_control/customers/usps/{customer.Username}/labels")).GetProperty("data")[0]
            .GetProperty("status").GetString().ShouldBe("CANCELED");

        (await ReconcileLaterAsync()).ShouldBeGreaterThanOrEqualTo(1, "the stack is shared: other tests' unknown operations are settled too");

        (await Stack.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Labels, l => l.TrackingNumber == tracking)))
            .Status.ShouldBe("voided");
        var report = await api.GetFromJsonAsync<JsonElement>(Url(accountId, "reconciliation"));
        report.GetProperty("unsettled").GetArrayLength().ShouldBe(0);
        report.GetProperty("reconciled")[0].GetProperty("detail").GetString()!.ShouldContain($"Label {tracking} is voided at the carrier");
    }

    [Fact]
    public async Task An_End_of_Day_form_whose_answer_was_lost_is_recorded_in_the_background()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        var tracking = await BuyTrackingAsync(api, accountId);
        await WithFaultAsync(new { carrier = "usps", endpoint = "POST /scan-forms/v3/scan-form", drop = true, after = true, rate = 1.0 }, async () =>
            (await api.PostAsJsonAsync(Url(accountId, "end-of-day"), new { })).IsSuccessStatusCode.ShouldBeFalse());

        (await ReconcileLaterAsync()).ShouldBeGreaterThanOrEqualTo(1, "the stack is shared: other tests' unknown operations are settled too");

        var label = await Stack.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Labels, l => l.TrackingNumber == tracking));
        label.ManifestNumber.ShouldBe((await ScanFormsAtUspsAsync(customer))[tracking]);
        (await api.GetFromJsonAsync<JsonElement>(Url(accountId, "reconciliation"))).GetProperty("unsettled").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_pickup_cancel_answered_with_a_mangled_success_is_not_taken_as_done_and_is_settled_at_USPS()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        var scheduled = await api.PostAsJsonAsync(Url(accountId, "pickups"), ShippingBodies.Pickup(NextPickupDay()));
        var confirmation = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmation_number").GetString();
        // A cut-off body on a 200 that should have none: whether USPS canceled is unknown (here it did not).
        await WithFaultAsync(new { carrier = "usps", endpoint = "DELETE /pickup/v3/carrier-pickup/{confirmationNumber}", malformed = true, rate = 1.0 }, async () =>
            (await api.DeleteAsync(Url(accountId, $"pickups/{confirmation}"))).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable));
        (await PickupsAtCarrierAsync("usps", customer)).Count.ShouldBe(1, "USPS did not cancel it");

        (await ReconcileLaterAsync()).ShouldBeGreaterThanOrEqualTo(1);

        (await PickupsAtCarrierAsync("usps", customer)).Count.ShouldBe(0);
        (await Stack.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Pickups, p => p.ConfirmationNumber == confirmation)))
            .Status.ShouldBe("canceled");
    }
}

public sealed class LostAnswerOnSqliteTests(SqliteStack fixture) : LostAnswerTests(fixture), IClassFixture<SqliteStack>;

public sealed class LostAnswerOnPostgresTests(PostgresStack fixture) : LostAnswerTests(fixture), IClassFixture<PostgresStack>;
