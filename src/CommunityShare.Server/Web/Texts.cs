namespace CommunityShare.Server.Web;

/// <summary>
/// The product's words. Keys are the Simplified Chinese text, shown as is by default; English is
/// in Resources/Web.Texts.en.resx, and a test checks that every key the pages use has it.
/// </summary>
public sealed class Texts;
