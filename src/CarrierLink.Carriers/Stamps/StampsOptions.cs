namespace CarrierLink.Carriers.Stamps;

/// <summary>Where Stamps.com (One Balance) lives: its authentication service and the SERA shipping API.</summary>
public sealed class StampsOptions
{
    public const string Section = "Carriers:Stamps";

    /// <summary>Base of the authenticate and change-password calls (swsim).</summary>
    public Uri? AuthBaseUrl { get; set; }

    /// <summary>Base of the SERA shipping API, e.g. https://api.stampsendicia.com/sera/.</summary>
    public Uri? ApiBaseUrl { get; set; }

    /// <summary>
    /// Stamps.com's own Forgot Password page on its website, which CarrierLink links to when a One Balance account needs
    /// a password the merchant no longer knows (the article's "Reset my One Balance Account Password on Stamps.com").
    /// Not set: CarrierLink shows the article's steps without the link.
    /// </summary>
    public Uri? ForgotPasswordUrl { get; set; }

    /// <summary>CarrierLink's integration id at Stamps.com (a GUID, sent as IntegrationID on every authentication).</summary>
    public string IntegrationId { get; set; } = "";

    /// <summary>How long one call may take, answer included (CarrierTimeout: on the injected TimeProvider).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>One Balance is offered only with all three of these; none of them means it is not offered.</summary>
    public bool Configured => AuthBaseUrl is not null && ApiBaseUrl is not null && IntegrationId.Length > 0;
}
