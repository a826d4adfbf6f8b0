using Ferry.Testing;
using Microsoft.Playwright;

namespace Ferry.Web.Tests.Browser;

/// <summary>A screenshot of each page the browser tests visit, kept in .artifacts/screenshots of the checkout.</summary>
public static class Screenshots
{
    public static string Folder { get; } = Path.Combine(SourceTree.Root, ".artifacts", "screenshots");

    public static async Task TakeAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = true });
    }

}
