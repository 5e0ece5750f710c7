import { assert, describe, it } from "@effect/vitest"
import { Option } from "effect"
import * as AddressSafety from "./AddressSafety.ts"

describe("AddressSafety.classify", () => {
  const table: ReadonlyArray<readonly [string, AddressSafety.AddressRange]> = [
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.10", "private"],
    ["169.254.169.254", "linkLocal"],
    ["169.254.0.1", "linkLocal"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["100.64.0.1", "sharedAddressSpace"],
    ["100.127.255.255", "sharedAddressSpace"],
    ["224.0.0.251", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["fe80::1", "linkLocal"],
    ["fe80::1%eth0", "linkLocal"],
    ["febf::1", "linkLocal"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456:789a::1", "uniqueLocal"],
    ["ff02::1", "multicast"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:a00:1", "private"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["::ffff:8.8.8.8", "public"],
    ["64:ff9b::10.0.0.1", "private"],
    ["2002:a00:1::", "private"],
    ["2001:db8::1", "reserved"],
    ["::10.0.0.1", "reserved"],
    ["[::1]", "loopback"],
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["172.32.0.1", "public"],
    ["100.128.0.1", "public"],
    ["169.255.0.1", "public"],
    ["2606:4700:4700::1111", "public"],
    ["2a00:1450:4001:82a::200e", "public"]
  ]
  for (const [ip, range] of table) {
    it(`puts ${ip} in ${range}`, () => {
      assert.deepStrictEqual(AddressSafety.classify(ip), Option.some(range))
    })
  }

  const notAddresses = [
    "localhost",
    "example.com",
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "010.0.0.1",
    "1::2::3",
    "12345::",
    "::ffff:1.2.3.999"
  ]
  for (const text of notAddresses) {
    it(`does not take ${JSON.stringify(text)} for an IP address`, () => {
      assert.isTrue(Option.isNone(AddressSafety.classify(text)))
    })
  }
})

describe("AddressSafety.isPrivateAddress", () => {
  it("refuses the SSRF examples and allows public addresses", () => {
    assert.isTrue(AddressSafety.isPrivateAddress("169.254.169.254"))
    assert.isTrue(AddressSafety.isPrivateAddress("10.0.0.1"))
    assert.isTrue(AddressSafety.isPrivateAddress("::1"))
    assert.isFalse(AddressSafety.isPrivateAddress("93.184.215.14"))
  })

  it("fails closed only through isPublicAddress: text that is no address is neither", () => {
    assert.isFalse(AddressSafety.isPrivateAddress("example.com"))
    assert.isFalse(AddressSafety.isPublicAddress("example.com"))
    assert.isTrue(AddressSafety.isPublicAddress("93.184.215.14"))
  })
})
