using NSec.Cryptography;

namespace Ferry.Repository.Crypto;

/// <summary>
/// Argon2id (libsodium through NSec): memory-hard, so guessing passwords on GPUs stays expensive.
/// 19 MiB and 4 passes: OWASP's recommended memory with twice its passes (its minimum is 19 MiB,
/// 2 passes), about 0.04 s here. The KDF's memory is the floor of every command's peak (it is most
/// of an unchanged backup's), which matters on small machines. Parameters are stored in each key
/// file, so a later version can raise them without breaking existing repositories.
/// </summary>
internal sealed record PasswordKdf(long MemoryKiB, long Passes, int Parallelism, byte[] Salt)
{
    public const string Algorithm = "argon2id";
    public const int SaltSize = 16;

    /// <summary>
    /// The most a key file may ask for: anyone who can write to the bucket can put a key file there,
    /// and every device tries each one, so its memory and time must stay small on a laptop. 256 MiB is
    /// thirteen times the default; memory × passes at most 1 GiB bounds the time (about a second here).
    /// </summary>
    public const long MaxMemoryKiB = 256 * 1024;
    public const long MaxPasses = 16;
    public const long MaxWorkKiB = 1024 * 1024;

    public static PasswordKdf CreateDefault() =>
        new(19 * 1024, 4, 1, System.Security.Cryptography.RandomNumberGenerator.GetBytes(SaltSize));

    public byte[] DeriveKey(string password)
    {
        if (MemoryKiB is < 8 or > MaxMemoryKiB || Passes is < 1 or > MaxPasses || MemoryKiB * Passes > MaxWorkKiB || Parallelism != 1 || Salt.Length != SaltSize)
        {
            throw new CorruptDataException($"key file asks for unsupported argon2id parameters (memory {MemoryKiB} KiB, passes {Passes}, parallelism {Parallelism}; Ferry allows up to {MaxMemoryKiB / 1024} MiB, {MaxPasses} passes, parallelism 1): it was not made by Ferry, and is not tried");
        }

        var parameters = new Argon2Parameters { DegreeOfParallelism = Parallelism, MemorySize = MemoryKiB, NumberOfPasses = Passes };
        return PasswordBasedKeyDerivationAlgorithm.Argon2id(parameters).DeriveBytes(password, Salt, MasterKey.KeySize);
    }
}
