using System.Security.Cryptography;
using System.Text;

namespace Zumodra.Tests.Companies;

/// <summary>Tiny real images (8 x 8, a white square on blue, drawn and encoded by Chromium), and what is not one.</summary>
public static class LogoImages
{
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAYAAADED76LAAAAPUlEQVR4AayNsQkAIAwEn8xgrxvqKI5orzto9SFYJE0CR+C556X2fT0EwamwZoGFPRUY/D9RaOPAwqlw4gEAAP//fPvGtAAAAAZJREFUAwCPqB/R6L0tBwAAAABJRU5ErkJggg==");

    public static readonly byte[] Jpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAdEAABAgcAAAAAAAAAAAAAAAAAERcmM1Nmg5Pw/8QAFQEBAQAAAAAAAAAAAAAAAAAABgf/xAAfEQACAQMFAQAAAAAAAAAAAAABEQMAEiETIkFRYbH/2gAMAwEAAhEDEQA/AL4Qbi7M1bXL5QAVCKLSu3Esk5LT4HnQoTJJesAILH0+1//Z");

    public static readonly byte[] WebP = Convert.FromBase64String(
        "UklGRoIAAABXRUJQVlA4IHYAAADQAgCdASoIAAgAAUAmJagCdLoB+AAT4AVRX5H7OhwAAP0Dz+8P/3A/4Od8rfUzHtS264i5hw+W7yPiek4dorHf382nOfIf/rmzzVJE732+MqoA/+oOH/4Tv4lF//F/+wcewcfvW//INb/zAfPhL/g38X3b3AAA");

    /// <summary>A plain SVG, written as sanitising writes it, so that it is stored as it is.</summary>
    public const string Svg = """<svg viewBox="0 0 8 8" xmlns="http://www.w3.org/2000/svg"><rect width="8" height="8" fill="#1f6feb" /><circle cx="4" cy="4" r="2" fill="#fff" /></svg>""";

    /// <summary>A 1 x 1 GIF: an image, but not a format logos take.</summary>
    public static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Where Zumodra serves stored bytes: the SHA-256 of what it keeps, with the format's extension.</summary>
    public static string PathOf(byte[] stored, string extension) => $"/logos/{Convert.ToHexStringLower(SHA256.HashData(stored))}.{extension}";
}
