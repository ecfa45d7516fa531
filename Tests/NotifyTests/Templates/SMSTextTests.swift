// Text messages kept within SMS length: GSM-7 and UCS-2 counted as the network counts them,
// cut with an ellipsis the encoding has.
import Testing
import WardenTesting

@testable import Notify

@Suite struct SMSTextTests {
  @Test func gsmTextUpTo160CharactersIsKept() {
    let text = String(repeating: "a", count: 160)
    #expect(SMSText.encoding(of: text) == .gsm7)
    #expect(SMSText.truncated(text) == text)
  }

  @Test func longGSMTextIsCutToExactly160SeptetsWithThreeDots() {
    let text = "[FIRING:3] DiskFull " + String(repeating: "x", count: 200)
    let cut = SMSText.truncated(text)
    // "[" and "]" are in GSM-7's extension table: two septets each.
    #expect(SMSText.length(of: cut, encoding: .gsm7) == 160)
    #expect(cut.count == 158)
    #expect(cut.hasSuffix("..."))
    #expect(SMSText.encoding(of: cut) == .gsm7, "the ellipsis must not switch the message to UCS-2")
  }

  @Test func extensionCharactersCountTwice() {
    let text = String(repeating: "{", count: 80)
    #expect(SMSText.length(of: text, encoding: .gsm7) == 160)
    #expect(SMSText.truncated(text) == text)
    let over = text + "}"
    let cut = SMSText.truncated(over)
    #expect(SMSText.length(of: cut, encoding: .gsm7) <= 160)
    #expect(cut.hasSuffix("..."))
  }

  @Test func oneNonGSMCharacterSwitchesTo70UCS2Units() {
    let text = "Überlast ✓ " + String(repeating: "x", count: 100)
    #expect(SMSText.encoding(of: text) == .ucs2)
    let cut = SMSText.truncated(text)
    #expect(cut.utf16.count == 70)
    #expect(cut.hasSuffix("…"))
  }

  @Test func emojiAreNotSplitAcrossTheLimit() {
    let text = String(repeating: "🔥", count: 40)  // 80 UTF-16 units
    let cut = SMSText.truncated(text)
    #expect(cut.utf16.count <= 70)
    #expect(cut.dropLast().allSatisfy { $0 == "🔥" })
  }

  @Test func theGSMAlphabetIncludesItsAccentedLetters() {
    #expect(SMSText.encoding(of: "Straße Ö ö é à ñ ü Ä € {} Ω") == .gsm7)
    #expect(SMSText.encoding(of: "disk – full") == .ucs2)  // the en dash is not GSM-7
    #expect(SMSText.encoding(of: "ç") == .ucs2)  // only the capital Ç is
  }

  @Test func severalSegmentsHoldMore() {
    #expect(SMSText.capacity(.gsm7, segments: 1) == 160)
    #expect(SMSText.capacity(.gsm7, segments: 3) == 459)
    #expect(SMSText.capacity(.ucs2, segments: 2) == 134)
    let text = String(repeating: "y", count: 400)
    #expect(SMSText.truncated(text, segments: 3) == text)
    #expect(SMSText.truncated(text, segments: 2).count == 306)
  }

  @Test func randomTextAlwaysFits() {
    var generator = SeededGenerator(seed: 5)
    let alphabet = Array("abc {}[]€é😀 \n.ÄΩ漢")
    for _ in 0..<500 {
      let text = String((0..<Int.random(in: 0..<300, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
      let segments = Int.random(in: 1...3, using: &generator)
      let cut = SMSText.truncated(text, segments: segments)
      let encoding = SMSText.encoding(of: cut)
      #expect(SMSText.length(of: cut, encoding: encoding) <= SMSText.capacity(encoding, segments: segments))
      if cut != text { #expect(cut.hasSuffix("...") || cut.hasSuffix("…")) }
    }
  }
}
