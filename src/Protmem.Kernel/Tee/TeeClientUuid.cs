using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tee;

/// <summary>
/// tee_session_calc_client_uuid: the client identity the kernel vouches for at OPEN_SESSION. Public
/// login: nil. User login: UUIDv5 of "uid=&lt;euid&gt;"; group login: UUIDv5 of "gid=&lt;gid&gt;" for a group
/// the caller is in (EPERM otherwise), both in the TEE client namespace. REE-kernel logins from user
/// space are EPERM; application logins are EINVAL, as in Linux.
/// </summary>
internal static class TeeClientUuid
{
    /// <summary>tee_client_uuid_ns.</summary>
    private static readonly TeeUuid Namespace = TeeUuid.Parse("58ac9ca0-2086-4683-a1b8-ec4bc08e01b6");

    public static int Compute(Credentials credentials, uint login, TeeUuid connectionData, out TeeUuid clientUuid)
    {
        clientUuid = TeeUuid.Nil;
        if (login is >= TeeIoctl.TEE_IOCTL_LOGIN_REE_KERNEL_MIN and <= TeeIoctl.TEE_IOCTL_LOGIN_REE_KERNEL_MAX)
        {
            return -Errno.EPERM;
        }

        switch (login)
        {
            case TeeIoctl.TEE_IOCTL_LOGIN_PUBLIC:
                return 0;
            case TeeIoctl.TEE_IOCTL_LOGIN_USER:
                clientUuid = UuidV5(string.Create(CultureInfo.InvariantCulture, $"uid={credentials.Uid:x}"));
                return 0;
            case TeeIoctl.TEE_IOCTL_LOGIN_GROUP:
                var gid = BinaryPrimitives.ReadUInt32LittleEndian(connectionData.ToOctets());
                if (gid != credentials.Gid)
                {
                    return -Errno.EPERM;
                }

                clientUuid = UuidV5(string.Create(CultureInfo.InvariantCulture, $"gid={gid:x}"));
                return 0;
            default:
                return -Errno.EINVAL;
        }
    }

    private static TeeUuid UuidV5(string name)
    {
        var input = new byte[TeeUuid.Length + Encoding.ASCII.GetByteCount(name)];
        Namespace.WriteOctets(input);
        Encoding.ASCII.GetBytes(name, input.AsSpan(TeeUuid.Length));
#pragma warning disable CA5350 // UUIDv5 is defined over SHA-1 (RFC 4122 §4.3); this is an identifier, not a security hash.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return TeeUuid.FromOctets(hash.AsSpan(0, TeeUuid.Length));
    }
}
