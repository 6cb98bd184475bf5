using System.Net;
using System.Net.Http.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using CarrierLink.Web.Notifications;
using CarrierLink.Web.Notifications.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Email;

/// <summary>
/// Issue 14, email over the wire: CarrierLink sends through a real SMTP server on loopback (MailKit to the SmtpServer
/// package), and a mail the server refuses stays queued and is sent later, after a wait that grows, exactly once.
/// </summary>
public abstract class EmailOverSmtpTests(SmtpStackFixture fixture)
{
    private TestStack Stack => fixture.Stack;
    private LoopbackSmtpServer Smtp => fixture.Smtp;

    [Fact]
    public async Task The_break_mail_reaches_a_real_SMTP_server_with_its_text_and_HTML_parts_and_unsubscribe_headers()
    {
        var (merchant, accountId) = await BrokenUspsAsync("Main Warehouse");
        await RunNotificationsAsync();

        var mail = Smtp.ReceivedBy(merchant.Email).ShouldHaveSingleItem();
        mail.Subject.ShouldBe("Your USPS account Main Warehouse needs reconnecting");
        mail.From.Mailboxes.Single().Address.ShouldBe("no-reply@carrierlink.local");
        mail.TextBody!.ShouldContain($"Reconnect: {Stack.WebUrl}settings/carriers/usps/accounts/{accountId}/reconnect");
        mail.HtmlBody!.ShouldContain($"href=\"{Stack.WebUrl}settings/carriers/usps/accounts/{accountId}/reconnect\"");
        mail.Headers["List-Unsubscribe"].ShouldStartWith($"<{Stack.WebUrl}settings/notifications/unsubscribe?token=");
        mail.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        Stack.MailTo(merchant.Email).ShouldBeEmpty("with an SMTP server configured nothing goes to the pickup folder");
    }

    [Fact]
    public async Task A_mail_the_SMTP_server_refuses_is_tried_again_after_a_growing_wait_and_arrives_once()
    {
        var retry = Stack.Services.GetRequiredService<IOptions<EmailNotificationOptions>>().Value.RetryBaseSeconds;
        var (merchant, _) = await BrokenUspsAsync("Dock");
        Smtp.RefuseNext(2);

        await RunNotificationsAsync();
        Smtp.Refused.ShouldBe(1);
        Smtp.ReceivedBy(merchant.Email).ShouldBeEmpty();
        var job = await JobAsync(merchant);
        job.SentAt.ShouldBeNull();
        job.Attempts.ShouldBe(1);
        job.LastError!.ShouldContain("Try again later");

        Stack.Clock.Advance(TimeSpan.FromSeconds(retry + 1));
        await RunNotificationsAsync();
        Smtp.Refused.ShouldBe(2);
        (await JobAsync(merchant)).Attempts.ShouldBe(2);

        // The second wait is twice the first.
        Stack.Clock.Advance(TimeSpan.FromSeconds(retry + 1));
        await RunNotificationsAsync();
        Smtp.ReceivedBy(merchant.Email).ShouldBeEmpty();
        Stack.Clock.Advance(TimeSpan.FromSeconds(retry));
        await RunNotificationsAsync();
        await RunNotificationsAsync();

        Smtp.ReceivedBy(merchant.Email).ShouldHaveSingleItem().Subject.ShouldBe("Your USPS account Dock needs reconnecting");
        var sent = await JobAsync(merchant);
        sent.SentAt.ShouldNotBeNull();
        sent.LastError.ShouldBeNull();
        sent.Attempts.ShouldBe(3);
    }

    private Task RunNotificationsAsync() => NotificationWorker.RunUntilIdleAsync(Stack.Services, CancellationToken.None);

    private Task<EmailJob> JobAsync(TestMerchant merchant) => Stack.WithDbAsync(db => db.EmailJobs.AsNoTracking()
        .Where(j => db.Users.Any(u => u.Id == j.UserId && u.Email == merchant.Email)).SingleAsync());

    private async Task<(TestMerchant Merchant, Guid AccountId)> BrokenUspsAsync(string nickname)
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer, nickname);
        await Stack.RevokeGrantInstantlyAsync(customer);
        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        return (merchant, accountId);
    }
}

/// <summary>A stack whose CarrierLink sends its mail through its own <see cref="LoopbackSmtpServer"/>.</summary>
public abstract class SmtpStackFixture(StoreProvider provider) : StackFixture(provider)
{
    private LoopbackSmtpServer? _smtp;

    public LoopbackSmtpServer Smtp => _smtp ?? throw new InvalidOperationException("The SMTP server has not started.");

    /// <summary>The SMTP server first: CarrierLink's settings name its port, which it learns once listening.</summary>
    public override async Task InitializeAsync()
    {
        _smtp = await LoopbackSmtpServer.StartAsync();
        await StartStackAsync(_smtp.WebArgs);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_smtp is not null) await _smtp.DisposeAsync();
    }
}

public sealed class SmtpSqliteStack() : SmtpStackFixture(StoreProvider.Sqlite);

public sealed class SmtpPostgresStack() : SmtpStackFixture(StoreProvider.Postgres);

public sealed class EmailOverSmtpOnSqliteTests(SmtpSqliteStack fixture) : EmailOverSmtpTests(fixture), IClassFixture<SmtpSqliteStack>;

public sealed class EmailOverSmtpOnPostgresTests(SmtpPostgresStack fixture) : EmailOverSmtpTests(fixture), IClassFixture<SmtpPostgresStack>;
