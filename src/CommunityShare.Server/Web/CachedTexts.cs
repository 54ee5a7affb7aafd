using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace CommunityShare.Server.Web;

/// <summary>
/// Keeps every text once looked up, per UI culture, in front of the resource-manager localizer.
/// A page asks for a hundred texts; <see cref="System.Resources.ResourceManager"/> takes a lock on
/// every lookup and walks zh-CN → zh → neutral for each Chinese key that is its own text, so under
/// concurrent requests the pages queued on that lock (a quarter of a search page's render time).
/// The resources never change while the server runs, so a text found once stays right.
/// </summary>
public sealed class CachedTextsFactory(ResourceManagerStringLocalizerFactory inner) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<Type, IStringLocalizer> _byType = new();
    private readonly ConcurrentDictionary<(string BaseName, string Location), IStringLocalizer> _byName = new();

    public IStringLocalizer Create(Type resourceSource) =>
        _byType.GetOrAdd(resourceSource, static (type, factory) => new CachedTexts(factory.Create(type)), inner);

    public IStringLocalizer Create(string baseName, string location) =>
        _byName.GetOrAdd((baseName, location), static (key, factory) => new CachedTexts(factory.Create(key.BaseName, key.Location)), inner);
}

/// <summary>One resource's texts, kept per UI culture (see <see cref="CachedTextsFactory"/>).</summary>
public sealed class CachedTexts(IStringLocalizer inner) : IStringLocalizer
{
    /// <summary>Keys are the texts the pages use, a few hundred; past this nothing more is kept, so no input can grow it.</summary>
    private const int MostKept = 10_000;

    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _kept = new();

    public LocalizedString this[string name]
    {
        get
        {
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (_kept.TryGetValue(key, out var text))
            {
                return text;
            }
            text = inner[name];
            if (_kept.Count < MostKept)
            {
                _kept.TryAdd(key, text);
            }
            return text;
        }
    }

    /// <summary>Formats as <see cref="ResourceManagerStringLocalizer"/> does: the current culture, the key itself when there is no text.</summary>
    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound,
                format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
}
