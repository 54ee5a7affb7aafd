using System.Security.Cryptography;
using System.Text;
using CommunityShare.Server.Identity;
using Microsoft.AspNetCore.DataProtection;

namespace CommunityShare.Server.Residents;

/// <summary>
/// Encrypts identity numbers for storage (Data Protection) and makes the keyed hash that finds a
/// number again without storing it in clear. The hash key is derived from the service's signing
/// key (HKDF, its own purpose), so the two keys never coincide.
/// </summary>
public sealed class PersonalDataProtection(IDataProtectionProvider provider, SigningKey signingKey)
{
    private readonly IDataProtector _protector = provider.CreateProtector("CommunityShare.Residents.IdentityNumber.v1");
    private readonly byte[] _hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey.SecurityKey.Key, 32,
        info: Encoding.UTF8.GetBytes("CommunityShare.Residents.IdentityNumberHash.v1"));

    public string Protect(string identityNumber) => _protector.Protect(identityNumber);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);

    public string Hash(string identityNumber) => Convert.ToHexString(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(identityNumber)));
}
