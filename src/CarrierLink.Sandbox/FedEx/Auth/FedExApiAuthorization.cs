namespace CarrierLink.Sandbox.FedEx.Auth;

/// <summary>The bearer-token check in front of FedEx's APIs; the validated caller is handed to the endpoint.</summary>
public static class FedExApiAuthorization
{
    public static TBuilder RequireFedExToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            switch (http.RequestServices.GetRequiredService<FedExAccessTokens>().Validate(http.Request.Headers.Authorization.FirstOrDefault()))
            {
                case FedExTokenCheck.Valid valid:
                    http.Items[typeof(FedExCaller)] = valid.Caller;
                    return await next(context);
                case FedExTokenCheck.Rejected rejected:
                    return FedExErrors.Error(rejected.Status, rejected.Error, FedExErrors.CustomerTransactionId(http));
                default:
                    throw new InvalidOperationException("Unknown token check result.");
            }
        });

    public static FedExCaller FedExCaller(this HttpContext context) => (FedExCaller)context.Items[typeof(FedExCaller)]!;
}
