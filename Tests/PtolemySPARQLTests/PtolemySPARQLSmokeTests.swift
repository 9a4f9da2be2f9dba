import Testing
@testable import PtolemySPARQL
