using Microsoft.Playwright;

namespace Ferry.Web.Tests.Browser;

/// <summary>A screenshot of each page the browser tests visit, kept in .artifacts/screenshots of the checkout.</summary>
public static class Screenshots
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), ".artifacts", "screenshots");

    public static async Task TakeAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Ferry.slnx")))
            {
                return folder.FullName;
            }
        }

        return Path.GetTempPath();
    }
}
