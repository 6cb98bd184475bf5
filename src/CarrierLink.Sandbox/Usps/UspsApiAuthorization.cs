namespace CarrierLink.Sandbox.Usps;

/// <summary>Puts the access-token check in front of USPS API endpoints and hands the caller to the handler.</summary>
public static class UspsApiAuthorization
{
    public static TBuilder RequireUspsAccessToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var tokens = http.RequestServices.GetRequiredService<UspsAccessTokens>();
            switch (await tokens.ValidateAsync(http.Request.Headers.Authorization.FirstOrDefault()))
            {
                case AccessTokenCheck.Valid valid:
                    http.Items[typeof(UspsCaller)] = valid.Caller;
                    return await next(context);
                case AccessTokenCheck.Rejected { Status: StatusCodes.Status401Unauthorized } rejected:
                    return UspsErrors.Unauthorized(http.Request.Path, rejected.Message, rejected.Detail);
                case AccessTokenCheck.Rejected rejected:
                    return UspsErrors.Forbidden(http.Request.Path, rejected.Message, rejected.Detail);
                default:
                    throw new InvalidOperationException("Unknown access token check result.");
            }
        });

    /// <summary>The caller the filter validated; only valid inside endpoints that require an access token.</summary>
    public static UspsCaller UspsCaller(this HttpContext context) => (UspsCaller)context.Items[typeof(UspsCaller)]!;
}
