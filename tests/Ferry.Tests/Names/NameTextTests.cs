using System.Text;
using Ferry.Names;

namespace Ferry.Tests.Names;

/// <summary>Names as bytes in .NET strings, and names as people read and type them.</summary>
public sealed class NameTextTests
{
    [Fact]
    public void Any_bytes_survive_the_trip_through_a_string()
    {
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(1, 24)];
            random.NextBytes(bytes);
            if (i % 3 == 0)
            {
                // Mostly valid UTF-8 with a few bad bytes: the shapes real names have.
                bytes = [.. Encoding.UTF8.GetBytes("caf\u00E9-\U0001F600-"), .. bytes];
            }

            var name = EntryName.FromBytes(bytes);

            Assert.Equal(bytes, EntryName.ToBytes(name));
            Assert.Equal(!System.Text.Unicode.Utf8.IsValid(bytes), EntryName.HasEscapes(name));
            Assert.True(EntryName.IsCanonical(name));
        }
    }

    [Fact]
    public void Valid_UTF8_reads_as_the_text_it_is()
    {
        Assert.Equal("caf\u00E9 \U0001F480", EntryName.FromBytes(Encoding.UTF8.GetBytes("caf\u00E9 \U0001F480")));
        Assert.False(EntryName.HasEscapes("\U0001F480")); // its low surrogate is U+DC80, yet it is text, not an escaped byte
    }

    [Theory]
    [InlineData("back\\slash", true)]
    [InlineData("colon:and<angle>", true)]
    [InlineData("line\nbreak", true)]
    [InlineData("CON", true)]
    [InlineData("trailing.", true)]
    [InlineData("...", true)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("a/b", false)]
    [InlineData("nul\0byte", false)]
    public void A_stored_name_is_any_bytes_but_slash_and_NUL_other_than_dot_and_dot_dot(string name, bool valid)
    {
        Assert.Equal(valid, EntryName.IsValid(name));
    }

    [Fact]
    public void A_Windows_name_holding_half_of_a_UTF16_pair_has_no_bytes_and_is_not_stored()
    {
        var name = "half" + (char)0xD800 + "pair";

        Assert.False(EntryName.IsValid(name));
        Assert.Throws<ArgumentException>(() => EntryName.ToBytes(name));
    }

    [Theory]
    [InlineData("Data/notes.md", "Data/notes.md")]
    [InlineData("a<b>c/what?.txt", "a<b>c/what?.txt")]
    [InlineData("quote\"inside", "quote\"inside")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("line\nbreak", "\"line\\nbreak\"")]
    [InlineData("\"quoted\"", "\"\\\"quoted\\\"\"")]
    [InlineData("dir/trailing ", "\"dir/trailing \"")]
    [InlineData(" leading/x", "\" leading/x\"")]
    [InlineData("rtl\u202Eoverride", "\"rtl\\u{202E}override\"")]
    public void A_path_is_shown_as_it_is_unless_that_would_be_ambiguous(string path, string shown)
    {
        Assert.Equal(shown, NameText.Show(path));
    }

    [Fact]
    public void A_byte_that_is_not_UTF8_is_shown_as_hex_and_typed_back_the_same_way()
    {
        var path = EntryName.FromBytes([.. "Data/caf"u8, 0xE9, .. ".txt"u8]);

        Assert.Equal("\"Data/caf\\xE9.txt\"", NameText.Show(path));
        Assert.Equal(path, NameText.ParsePath("\"Data/caf\\xE9.txt\""));
        Assert.Equal("\"Data/caf\\xE9.txt\"", NameText.JsonText(path));
        Assert.Equal(Convert.ToBase64String([.. "Data/caf"u8, 0xE9, .. ".txt"u8]), NameText.RawBase64(path));
        Assert.Null(NameText.RawBase64("back\\slash"));
    }

    [Fact]
    public void Every_shown_path_is_typed_back_to_the_same_path()
    {
        var random = new Random(7);
        var pieces = new[] { "a", "B", " ", ".", "\\", "\"", "\n", "\t", "\u00E9", "\U0001F600", "/", "%", "\u202E" };
        for (var i = 0; i < 5_000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 10)).Select(_ => pieces[random.Next(pieces.Length)]));
            var bytes = random.Next(3) == 0 ? [.. Encoding.UTF8.GetBytes(text), (byte)random.Next(0x80, 0x100)] : Encoding.UTF8.GetBytes(text);
            var path = EntryName.FromBytes(bytes).Trim('/');
            if (path.Length == 0)
            {
                continue;
            }

            Assert.Equal(path, NameText.ParsePath(NameText.Show(path)));
        }
    }

    [Fact]
    public void A_backslash_separates_folders_only_on_Windows()
    {
        Assert.Equal(OperatingSystem.IsWindows() ? "Data/Notes" : "Data\\Notes", NameText.ParsePath("Data\\Notes"));
        Assert.Equal("Data/Notes", NameText.ParsePath("/Data/Notes/"));
    }
}
