namespace Protmem.Userspace.Gpu;

/// <summary>The variants of the protected-texture flow: the flow itself and its negative cases.</summary>
public enum ProtectedTextureCase
{
    /// <summary>Protected texture, protected render target, a PROTECTED group: the region runs; a bystander normal group completes too.</summary>
    Flow,

    /// <summary>A normal group (no PROT_REGION) reads the protected texture: the firewall refuses, the group is killed.</summary>
    ProtectedBufferInNormalGroup,

    /// <summary>A PROTECTED group whose region writes an unprotected render target: protected-mode fault, group killed, GPU reset, the bystander unharmed.</summary>
    UnprotectedTargetInProtectedGroup,

    /// <summary>ENABLE_FW_PROT_MODE by an unprivileged user: -EPERM.</summary>
    EnableFwProtModeAsUser,

    /// <summary>ENABLE_FW_PROT_MODE (as root) with a system-heap buffer: -EINVAL, or with the board's check off accepted and the first entry hangs the platform.</summary>
    EnableFwProtModeWithSystemHeap,
}
