using System.ComponentModel.DataAnnotations;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Merchants;

public sealed record CreatedMerchant(Guid MerchantId, Guid UserId, string ApiKey);

public abstract record CreateAgentResult
{
    public sealed record Created(Guid UserId) : CreateAgentResult;
    public sealed record Rejected(string Field, string Reason) : CreateAgentResult;
}

public abstract record CreateMerchantResult
{
    public sealed record Created(CreatedMerchant Merchant) : CreateMerchantResult;
    public sealed record Rejected(string Field, string Reason) : CreateMerchantResult;
}

/// <summary>Creates merchants with their first user and API key; used by the CLI and the demo seed.</summary>
public sealed class MerchantAccounts(CarrierLinkDb db, IPasswordHasher<User> hasher)
{
    public const string ApiKeyPrefix = "cl_";

    public async Task<CreateMerchantResult> CreateAsync(string name, string email, string password, string? fixedApiKey, CancellationToken cancellationToken)
    {
        name = name.Trim();
        email = email.Trim();
        if (name.Length is 0 or > 200) return new CreateMerchantResult.Rejected("name", "must be 1 to 200 characters");
        if (!new EmailAddressAttribute().IsValid(email) || email.Length > 320) return new CreateMerchantResult.Rejected("email", "is not an email address");
        if (Users.PasswordPolicy.Refusal(password, email) is { } passwordRefusal) return new CreateMerchantResult.Rejected("password", passwordRefusal);
        var normalized = NormalizeEmail(email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
            return new CreateMerchantResult.Rejected("email", "is already used by another user");

        var now = db.UtcNow;
        var merchant = new Merchant { Name = name, CreatedAt = now };
        var user = new User { MerchantId = merchant.Id, Email = email, NormalizedEmail = normalized, PasswordHash = "", Role = UserRoles.Merchant, CreatedAt = now };
        user.PasswordHash = hasher.HashPassword(user, password);
        var apiKey = fixedApiKey ?? ApiKeyPrefix + SecureTokens.New256Bit();
        db.Merchants.Add(merchant);
        db.Users.Add(user);
        db.ApiKeys.Add(new ApiKey { MerchantId = merchant.Id, Prefix = apiKey[..Math.Min(10, apiKey.Length)], Hash = SecureTokens.Sha256Hex(apiKey), CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return new CreateMerchantResult.Created(new CreatedMerchant(merchant.Id, user.Id, apiKey));
    }

    /// <summary>A support agent: a platform user with no merchant, who works the support queue.</summary>
    public async Task<CreateAgentResult> CreateAgentAsync(string email, string password, CancellationToken cancellationToken)
    {
        email = email.Trim();
        if (!new EmailAddressAttribute().IsValid(email) || email.Length > 320) return new CreateAgentResult.Rejected("email", "is not an email address");
        if (Users.PasswordPolicy.Refusal(password, email) is { } passwordRefusal) return new CreateAgentResult.Rejected("password", passwordRefusal);
        var normalized = NormalizeEmail(email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
            return new CreateAgentResult.Rejected("email", "is already used by another user");
        var user = new User { Email = email, NormalizedEmail = normalized, PasswordHash = "", Role = UserRoles.SupportAgent, CreatedAt = db.UtcNow };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return new CreateAgentResult.Created(user.Id);
    }

    public static string NormalizeEmail(string email) => email.Trim().ToUpperInvariant();
}
