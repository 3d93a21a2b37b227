<?xml version="1.0" encoding="UTF-8"?>
<!--
  Rules shared by every view of a TEI document: one template per TEI element.
  html.xsl (reading view) and print.xsl (the HTML WeasyPrint lays out) import this file and
  override only what differs between screen and page: the notes and the document frame.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:edition:functions"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- Where the register pages live, relative to a document page. -->
  <xsl:param name="register-base" as="xs:string" select="''"/>

  <xsl:variable name="doc-id" as="xs:string" select="string((/tei:TEI/@xml:id, 'doc')[1])"/>

  <!-- The build gives every name and date an id in memory (DOC-mN, DOC-dN) so the print index can
       count its pages; a view that links them some other way (the reading view: paragraph and
       text fragment) drops them. -->
  <xsl:param name="mention-ids" as="xs:boolean" select="true()"/>

  <!-- An element without a rule of its own keeps its text, and says so to the build log. -->
  <xsl:template match="tei:*">
    <xsl:message>warning: no rule for TEI element {local-name()}; rendered as a span</xsl:message>
    <span class="tei-{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- ============ Pointers ============ -->

  <!-- per:ID, org:ID, pla:ID → the register page of that entry. -->
  <xsl:function name="ed:entity-href" as="xs:string?">
    <xsl:param name="ref" as="xs:string?"/>
    <xsl:variable name="prefix" select="substring-before($ref, ':')"/>
    <xsl:variable name="id" select="substring-after($ref, ':')"/>
    <xsl:variable name="folder" select="map{'per':'persons','org':'organisations','pla':'places','evt':'events'}($prefix)"/>
    <xsl:sequence select="if ($folder and $id) then $register-base || $folder || '/' || $id || '.html' else ()"/>
  </xsl:function>

  <!-- A TEI pointer (#id, DOC.xml, DOC.xml#id, URL) → an href in the built site; none for a
       scheme outside http, https, mailto and the register prefixes (javascript:, data:, …:
       refused by validation, rule pointer-scheme, and never made a link should a file get past). -->
  <xsl:function name="ed:href" as="xs:string?">
    <xsl:param name="target" as="xs:string?"/>
    <xsl:variable name="scheme" select="lower-case(replace($target, '^([A-Za-z][A-Za-z0-9+.\-]*):.*$', '$1', 's'))"/>
    <xsl:sequence select="
      if (not($target)) then ()
      else if (starts-with($target, '#')) then $target
      else if (matches($target, '^[A-Za-z][A-Za-z0-9+.\-]*:', 's'))
        then (ed:entity-href($target), $target[$scheme = ('http', 'https', 'mailto')])[1]
      else replace($target, '^([\w.-]+)\.xml', '$1.html')"/>
  </xsl:function>

  <!-- ============ Structure ============ -->

  <xsl:template match="tei:text">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:front">
    <header class="front"><xsl:apply-templates/></header>
  </xsl:template>

  <xsl:template match="tei:body">
    <div class="body"><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:back">
    <footer class="back"><xsl:apply-templates/></footer>
  </xsl:template>

  <xsl:template match="tei:div">
    <section>
      <xsl:call-template name="id"/>
      <xsl:attribute name="class" select="string-join(('div', @type ! ('div-' || .)), ' ')"/>
      <xsl:if test="@resp"><xsl:attribute name="data-resp" select="@resp"/></xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- The title of the document is h1 (in the page frame); div heads start at h2. -->
  <xsl:template match="tei:div/tei:head">
    <xsl:variable name="level" select="min((count(ancestor::tei:div) + 1, 6))"/>
    <xsl:element name="h{$level}">
      <xsl:call-template name="id"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:head">
    <p class="head"><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:p">
    <p>
      <xsl:call-template name="id"/>
      <xsl:if test="@rend"><xsl:attribute name="class" select="@rend"/></xsl:if>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="tei:titlePage">
    <div class="title-page"><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:docTitle">
    <div class="doc-title"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:titlePart">
    <p class="title-part title-{(@type, 'main')[1]}"><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:byline | tei:docDate | tei:docImprint | tei:argument">
    <p class="{local-name()}"><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:docAuthor">
    <span class="doc-author"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:epigraph">
    <div class="epigraph"><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:lg">
    <div class="lg"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:l">
    <span class="l"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Letters and declarations -->
  <xsl:template match="tei:opener | tei:closer | tei:postscript">
    <div class="{local-name()}"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:salute | tei:signed | tei:dateline">
    <p class="{local-name()}"><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:opener/tei:seg | tei:closer/tei:seg">
    <p class="seg-{(@type, 'seg')[1]}"><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:address">
    <address><xsl:apply-templates/></address>
  </xsl:template>
  <xsl:template match="tei:addrLine">
    <span class="addrline"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Lists -->
  <xsl:template match="tei:list">
    <xsl:variable name="ordered" select="@rend = ('numbered', 'lettered') or exists(tei:item/@n)"/>
    <xsl:element name="{if ($ordered) then 'ol' else 'ul'}">
      <xsl:call-template name="id"/>
      <xsl:attribute name="class" select="string-join(('list', @rend), ' ')"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="tei:list/tei:head">
    <li class="list-head"><xsl:apply-templates/></li>
  </xsl:template>
  <xsl:template match="tei:item">
    <li>
      <xsl:call-template name="id"/>
      <xsl:if test="@n"><xsl:attribute name="data-n" select="@n"/></xsl:if>
      <xsl:if test="@n">
        <span class="label">{@n}{if (../@rend = 'lettered' or matches(@n, '^[a-z]$')) then ')' else '.'} </span>
      </xsl:if>
      <xsl:apply-templates/>
    </li>
  </xsl:template>
  <xsl:template match="tei:label">
    <span class="label"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Quotations: block-level when they stand between paragraphs or hold paragraphs. -->
  <xsl:template match="tei:cit">
    <figure class="cit"><xsl:apply-templates/></figure>
  </xsl:template>
  <xsl:template match="tei:cit/tei:bibl">
    <figcaption class="bibl"><xsl:apply-templates/></figcaption>
  </xsl:template>
  <xsl:template match="tei:quote">
    <xsl:choose>
      <xsl:when test="tei:p or parent::tei:div or parent::tei:cit or parent::tei:body">
        <blockquote><xsl:call-template name="id"/><xsl:apply-templates/></blockquote>
      </xsl:when>
      <xsl:otherwise><span class="quote"><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="tei:q">
    <q><xsl:call-template name="lang"/><xsl:apply-templates/></q>
  </xsl:template>

  <!-- ============ Phrase level ============ -->

  <xsl:template match="tei:hi">
    <xsl:variable name="tag" select="
      if (@rend = 'bold') then 'strong'
      else if (@rend = ('sup', 'superscript')) then 'sup'
      else if (@rend = ('sub', 'subscript')) then 'sub'
      else if (@rend = 'smallcaps') then 'span'
      else 'em'"/>
    <xsl:element name="{$tag}">
      <xsl:if test="@rend = 'smallcaps'"><xsl:attribute name="class">smallcaps</xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:title">
    <cite>
      <xsl:call-template name="lang"/>
      <xsl:apply-templates/>
    </cite>
  </xsl:template>

  <xsl:template match="tei:foreign | tei:term | tei:mentioned | tei:soCalled">
    <i class="{local-name()}">
      <xsl:call-template name="lang"/>
      <xsl:apply-templates/>
    </i>
  </xsl:template>

  <xsl:template match="tei:emph">
    <em><xsl:apply-templates/></em>
  </xsl:template>

  <xsl:template match="tei:seg | tei:rs | tei:affiliation | tei:email | tei:num | tei:measure
                       | tei:roleName | tei:forename | tei:surname | tei:addName | tei:orig
                       | tei:abbr | tei:s | tei:w">
    <span class="{local-name()}"><xsl:call-template name="lang"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:lb">
    <br/>
  </xsl:template>
  <xsl:template match="tei:pb | tei:cb | tei:milestone | tei:anchor">
    <xsl:if test="@xml:id"><span id="{@xml:id}" class="{local-name()}"/></xsl:if>
  </xsl:template>

  <!-- Names: a link to the register entry when the name points to one. The link is kept bare
       (no class, no data attribute): the register folder in its href says the kind, which is
       what the highlighting and the name cards read, and the longest page carries 1,600 of them. -->
  <xsl:template match="tei:persName | tei:orgName | tei:placeName | tei:name">
    <xsl:variable name="kind" select="
      if (self::tei:name[@type = 'event']) then 'event'
      else map{'persName':'person','orgName':'org','placeName':'place'}(local-name())"/>
    <xsl:variable name="href" select="ed:entity-href(@ref)"/>
    <xsl:choose>
      <!-- a name inside a linked name (the city in "Moscow Regional Headquarters") keeps its
           anchor but not a second, nested link -->
      <!-- nor inside a ref that is itself a link, nor around a note, whose call is a link
           (an <a> in an <a> is not HTML: sitecheck; found by tests/test_fuzz.py) -->
      <xsl:when test="exists($href) and not(ancestor::*[@ref][self::tei:persName or self::tei:orgName
                      or self::tei:placeName or self::tei:name]) and not(ancestor::tei:ref[@target])
                      and not(.//tei:note)">
        <a href="{$href}">
          <xsl:call-template name="mention-id"/>
          <xsl:call-template name="lang"/>
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="entity {($kind, 'name')[1]}">
          <xsl:if test="@ref"><xsl:attribute name="data-ref" select="@ref"/></xsl:if>
          <xsl:call-template name="mention-id"/>
          <xsl:call-template name="lang"/>
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Dates keep their normalised value for machines, the printed form for readers. -->
  <xsl:template match="tei:date | tei:time">
    <time>
      <xsl:call-template name="mention-id"/>
      <xsl:variable name="iso" select="(@when, @from, @notBefore)[1]"/>
      <!-- a year printed as such ("1979") is its own machine-readable value in HTML -->
      <xsl:if test="$iso and not($iso = normalize-space(.) and not(@to | @notAfter))">
        <xsl:attribute name="datetime" select="$iso"/>
      </xsl:if>
      <xsl:if test="@to | @notAfter"><xsl:attribute name="data-to" select="(@to, @notAfter)[1]"/></xsl:if>
      <xsl:if test="@cert"><xsl:attribute name="data-cert" select="@cert"/></xsl:if>
      <xsl:apply-templates/>
    </time>
  </xsl:template>

  <xsl:template match="tei:ref">
    <xsl:variable name="href" select="ed:href(tokenize(@target)[1])"/>
    <xsl:choose>
      <xsl:when test="exists($href)">
        <a href="{$href}"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise><span class="ref"><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="tei:ptr">
    <xsl:variable name="href" select="ed:href(tokenize(@target)[1])"/>
    <xsl:choose>
      <xsl:when test="exists($href)"><a href="{$href}" class="ptr">{@target}</a></xsl:when>
      <xsl:otherwise><span class="ptr">{@target}</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:bibl | tei:biblStruct">
    <span class="bibl"><xsl:call-template name="lang"/><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:author | tei:editor | tei:publisher | tei:pubPlace | tei:biblScope
                       | tei:citedRange | tei:idno | tei:edition">
    <span class="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- ============ Editorial interventions ============ -->

  <!-- Both readings are in the page: the printed one shows, the editors' certain correction is
       offered beside it (edition.js lets a reader switch the whole text to the corrections). -->
  <xsl:template match="tei:choice[tei:sic and tei:corr]">
    <span class="choice" title="as printed: {normalize-space(string(tei:sic))}; corrected by the editors: {normalize-space(string(tei:corr))}"><span
      class="sic"><xsl:apply-templates select="tei:sic/node()"/></span><span
      class="corr"><xsl:apply-templates select="tei:corr/node()"/></span></span>
  </xsl:template>
  <xsl:template match="tei:choice[tei:orig and tei:reg]">
    <span class="orig" title="regularised: {normalize-space(string(tei:reg))}"><xsl:apply-templates select="tei:orig/node()"/></span>
  </xsl:template>
  <xsl:template match="tei:choice[tei:abbr and tei:expan]">
    <abbr title="{normalize-space(string(tei:expan))}"><xsl:apply-templates select="tei:abbr/node()"/></abbr>
  </xsl:template>
  <xsl:template match="tei:choice">
    <xsl:apply-templates select="*[1]"/>
  </xsl:template>
  <xsl:template match="tei:sic | tei:corr | tei:reg | tei:expan">
    <span class="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Brackets are the renderer's: the TEI holds only what is inside them. -->
  <xsl:template match="tei:supplied">
    <span class="supplied" title="{ed:supplied-by(.)}">[<xsl:apply-templates/>]</span>
  </xsl:template>
  <xsl:function name="ed:supplied-by" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/@resp = '#ed') then 'supplied by the editors of this edition'
      else 'supplied in the source'"/>
  </xsl:function>

  <xsl:template match="tei:gap[@reason = 'note-text-not-in-source']">
    <span class="gap note-missing">The text of this note is not in the source.</span>
  </xsl:template>
  <!-- The translator's own mark for a word he could not read or had to guess. -->
  <xsl:template match="tei:gap[@reason = 'illegible']">
    <span class="gap" title="a word left out or guessed at: the original is unreadable">[*]</span>
  </xsl:template>
  <xsl:template match="tei:gap">
    <span class="gap" title="{ed:gap-title(.)}">[…]</span>
  </xsl:template>
  <xsl:function name="ed:gap-title" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:sequence select="
      if ($gap/@reason = 'omitted-by-author') then 'omission marked by the author'
      else if ($gap/@reason = 'omitted-by-translator') then 'omission marked by the translator'
      else 'text omitted' || ($gap/@reason ! (' (' || translate(., '-', ' ') || ')'))"/>
  </xsl:function>

  <xsl:template match="tei:unclear">
    <span class="unclear" title="uncertain reading"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:del">
    <del><xsl:apply-templates/></del>
  </xsl:template>
  <xsl:template match="tei:add">
    <ins><xsl:apply-templates/></ins>
  </xsl:template>

  <!-- ============ Helpers ============ -->

  <xsl:template name="id">
    <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
  </xsl:template>

  <xsl:template name="mention-id">
    <xsl:if test="$mention-ids or not(matches(@xml:id, '^' || $doc-id || '-[md]\d+$'))">
      <xsl:call-template name="id"/>
    </xsl:if>
  </xsl:template>

  <!-- The language of a phrase, so that screen readers, hyphenation and fonts follow it. -->
  <xsl:template name="lang">
    <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
  </xsl:template>

  <!-- A note's display label: the printed number, or a letter for the edition's notes. -->
  <xsl:function name="ed:note-label" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="
      if ($note/@type = 'editorial')
      then ed:letters(count($note/preceding::tei:note[@type = 'editorial'][ancestor::tei:text]) + 1)
      else string(($note/@n, count($note/preceding::tei:note[ancestor::tei:text]) + 1)[1])"/>
  </xsl:function>
  <xsl:function name="ed:letters" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:number value="$n" format="a"/>
  </xsl:function>

  <xsl:function name="ed:note-id" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="string(($note/@xml:id, $doc-id || '-note-' || generate-id($note))[1])"/>
  </xsl:function>

</xsl:stylesheet>
