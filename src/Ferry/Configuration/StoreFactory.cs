using Ferry.Errors;
using Ferry.Storage;
using Ferry.Storage.Local;

namespace Ferry.Configuration;

/// <summary>Opens the object store the settings describe. The only place that picks a storage kind.</summary>
public static class StoreFactory
{
    public static IObjectStore Create(ResolvedSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Kind switch
        {
            RepositoryKind.Local => new LocalObjectStore(settings.Repository.Value!),
            _ => throw new FerryException("S3 storage is not available in this build"),
        };
    }
}
